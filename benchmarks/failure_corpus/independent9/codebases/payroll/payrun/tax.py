"""Client of the tax authority's rate service (over ``requests``)."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import requests

from payrun.calc import Band
from payrun.errors import TaxServiceError

log = logging.getLogger(__name__)


class TaxClient:
    """Income tax bands, tax codes and public holidays."""

    def __init__(self, base_url: str, api_key: str, timeout: float) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["X-Api-Key"] = api_key

    def _get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(f"{self.base_url}{path}", params=params, timeout=self.timeout)

    def bands(self, region: str, year: int) -> list[Band]:
        """The year's bands for a region; transport and server failures are wrapped."""
        try:
            response = self._get(f"/v1/rates/{region}", year=year)
            response.raise_for_status()
        except requests.RequestException as exc:
            log.warning("tax rates for %s/%d failed: %s", region, year, exc)
            raise TaxServiceError(f"rates for {region}/{year} unavailable") from exc
        payload = response.json()
        return parse_bands(payload)

    def code_allowance(self, tax_code: str) -> Decimal:
        """The tax-free allowance of a tax code; errors reach the caller as they are."""
        response = self._get(f"/v1/codes/{tax_code}")
        response.raise_for_status()
        body = response.json()
        if body["status"] != "active":
            raise TaxServiceError(f"tax code {tax_code} is {body['status']}")
        return Decimal(body["allowance"])

    def holidays(self, year: int) -> list[date]:
        """Public holidays of a year."""
        response = self._get("/v1/holidays", year=year)
        response.raise_for_status()
        return sorted(date.fromisoformat(day) for day in response.json()["holidays"])


def parse_bands(payload: dict[str, Any]) -> list[Band]:
    """Check the rate payload against the published contract and build the bands."""
    if "bands" not in payload:
        raise TaxServiceError(f"rate payload without bands: keys {sorted(payload)}")
    bands = []
    for item in payload["bands"]:
        try:
            lower = Decimal(item["lower"])
            upper = None if item["upper"] is None else Decimal(item["upper"])
            rate = Decimal(item["rate"])
        except (KeyError, TypeError, InvalidOperation) as exc:
            raise TaxServiceError(f"malformed band {item!r}") from exc
        if not Decimal(0) <= rate < Decimal(1):
            raise TaxServiceError(f"band rate {rate} out of range")
        bands.append(Band(lower, upper, rate))
    return bands
