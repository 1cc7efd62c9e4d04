"""Client of the health insurer's API (requests): eligibility checks and claims."""

from __future__ import annotations

from typing import Any

import requests

from clinic.config import Settings
from clinic.errors import Refused, UpstreamError


class InsurerClient:
    def __init__(self, settings: Settings) -> None:
        self.base = settings.insurer_url
        self.timeout = settings.http_timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {settings.insurer_key}"

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.session.request(method, self.base + path, timeout=self.timeout,
                                            **kwargs)
        except requests.RequestException as exc:
            raise UpstreamError(f"insurer {method} {path} failed: {exc}") from exc
        if response.status_code in (401, 403):
            raise Refused(f"insurer refused {method} {path}: {response.status_code} "
                          f"{response.text}")
        try:
            response.raise_for_status()
        except requests.HTTPError as exc:
            raise UpstreamError(f"insurer {method} {path} failed: {exc}") from exc
        return dict(response.json())

    def eligibility(self, insurer_number: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/eligibility/{insurer_number}")

    def submit_claim(self, insurer_number: str, procedure: str, amount_cents: int) -> str:
        answer = self._call("POST", "/v1/claims", json={
            "member": insurer_number, "procedure": procedure, "amount_cents": amount_cents})
        return str(answer["claim_id"])
