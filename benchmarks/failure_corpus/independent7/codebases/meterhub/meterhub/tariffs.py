"""Client of the grid operator's tariff service (httpx, API key, 1 s budget)."""

from __future__ import annotations

import os

import httpx

from meterhub.errors import TariffAuthError, TariffError, TariffUnavailable

REQUIRED = ("code", "unit_price_millicents", "standing_charge_cents")


class TariffClient:
    def __init__(self, base_url: str | None = None, key: str | None = None) -> None:
        self.base_url = base_url or os.environ["TARIFF_URL"]
        self.key = key or os.environ["TARIFF_KEY"]
        self.http = httpx.Client(base_url=self.base_url, timeout=1.0,
                                 headers={"X-Api-Key": self.key})
        self.requests = 0

    def close(self) -> None:
        self.http.close()

    def tariff(self, code: str) -> dict | None:
        self.requests += 1
        try:
            response = self.http.get(f"/tariffs/{code}")
            if response.status_code == 404:
                return None
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code in (401, 403):
                raise TariffAuthError(f"tariff service refused key for {code}") from exc
            raise TariffUnavailable(f"tariff service failed for {code}") from exc
        except httpx.ConnectError as exc:
            raise TariffUnavailable(f"tariff service unreachable at {self.base_url}") from exc
        payload = response.json()
        missing = [name for name in REQUIRED if name not in payload]
        if missing:
            raise TariffError(f"tariff {code} lacks {missing}")
        return payload

    def quote(self, code: str, kwh: float) -> int:
        """Energy price of `kwh` in cents at today's unit price (no block, no VAT)."""
        tariff = self.tariff(code)
        if tariff is None:
            raise TariffError(f"no tariff {code}")
        return round(kwh * tariff["unit_price_millicents"] / 1000)
