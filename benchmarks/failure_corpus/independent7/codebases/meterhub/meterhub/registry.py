"""Client of the national meter registry (requests, bearer token, 1 s budget).
HTTP and connection errors of requests reach the caller unchanged."""

from __future__ import annotations

import os
from datetime import date, datetime

import requests

from meterhub.errors import RegistryContractError


class RegistryClient:
    def __init__(self, base_url: str | None = None, token: str | None = None) -> None:
        self.base_url = (base_url or os.environ["REGISTRY_URL"]).rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token or os.environ['REGISTRY_TOKEN']}"

    def _get(self, path: str) -> requests.Response:
        return self.session.get(f"{self.base_url}{path}", timeout=1.0)

    def meter(self, serial: str) -> dict | None:
        response = self._get(f"/meters/{serial}")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        payload = response.json()
        for name in ("serial", "site", "kind", "commissioned"):
            if name not in payload:
                raise RegistryContractError(f"registry entry of {serial} lacks {name!r}")
        payload["commissioned"] = parse_day(payload["commissioned"])
        return payload

    def sites(self) -> list[str]:
        response = self._get("/sites")
        response.raise_for_status()
        return sorted(response.json()["sites"])


def parse_day(text: str) -> date:
    return datetime.strptime(text, "%Y-%m-%d").date()
