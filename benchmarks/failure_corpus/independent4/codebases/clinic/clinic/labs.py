"""Laboratory results (urllib client, pydantic contract) and their import."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Literal

import pydantic

from clinic.config import Settings
from clinic.errors import ContractError, Refused, UpstreamError


class LabResult(pydantic.BaseModel):
    mrn: str
    lab_patient_no: int
    analyte: Literal["HbA1c", "troponin", "haemoglobin", "glucose", "ferritin"]
    value: float
    unit: Literal["%", "ng/L", "g/dL", "mmol/L", "ug/L"]
    reference_high: float
    taken_at: dt.datetime


def fetch(settings: Settings, department: str, mrns: list[str]) -> list[LabResult]:
    query = urllib.parse.urlencode({"mrn": ",".join(mrns)})
    request = urllib.request.Request(f"{settings.lab_url}/lab/v1/results/{department}?{query}",
                                     headers={"X-Lab-Token": settings.lab_token})
    try:
        with urllib.request.urlopen(request, timeout=settings.http_timeout) as response:
            document = json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise Refused(f"laboratory refused the token: {exc}") from exc
        raise UpstreamError(f"laboratory results for {department} failed: {exc}") from exc
    except (urllib.error.URLError, TimeoutError) as exc:
        raise UpstreamError(f"laboratory results for {department} failed: {exc}") from exc
    try:
        return [LabResult.model_validate(item) for item in document["results"]]
    except pydantic.ValidationError as exc:
        raise ContractError(f"laboratory results for {department} break the contract: "
                            f"{exc}") from exc


def abnormal(results: list[LabResult]) -> list[LabResult]:
    return [r for r in results if r.value > r.reference_high]


def summary(results: list[LabResult]) -> dict[str, str]:
    """The latest value of each analyte, with its unit, as shown on the patient chart."""
    latest: dict[str, LabResult] = {}
    for result in sorted(results, key=lambda r: r.taken_at):
        latest[result.analyte] = result
    return {analyte: f"{r.value:g} {r.unit}" for analyte, r in latest.items()}


def store(conn: Any, results: list[LabResult]) -> int:
    with conn.cursor() as cur:
        cur.execute("SELECT mrn, id FROM patients WHERE mrn = ANY(%s)",
                    ([r.mrn for r in results],))
        ids = {row["mrn"]: row["id"] for row in cur.fetchall()}
        for result in results:
            cur.execute("INSERT INTO lab_results (patient_id, analyte, value, unit, taken_at) "
                        "VALUES (%s, %s, %s, %s, %s)",
                        (ids[result.mrn], result.analyte, result.value, result.unit,
                         result.taken_at))
    return len(results)
