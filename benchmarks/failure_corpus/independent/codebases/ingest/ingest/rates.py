"""Client of the exchange-rate service (urllib, as the pipeline has no HTTP library)."""

from __future__ import annotations

import json
import logging
import socket
import urllib.error
import urllib.request
from decimal import Decimal

from ingest.errors import RatesForbidden, RatesTimeout, RatesUnavailable

log = logging.getLogger(__name__)


class RatesClient:
    def __init__(self, base_url: str, token: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._cache: dict[str, Decimal] = {}

    def rate(self, currency: str) -> Decimal:
        """EUR value of one unit of the currency."""
        if currency == "EUR":
            return Decimal(1)
        if currency not in self._cache:
            self._cache[currency] = Decimal(str(self._fetch(currency)["rate"]))
        return self._cache[currency]

    def convert(self, amount: Decimal, currency: str) -> Decimal:
        return (amount * self.rate(currency)).quantize(Decimal("0.01"))

    def _fetch(self, currency: str) -> dict:
        url = f"{self.base_url}/rates/{currency}"
        request = urllib.request.Request(url, headers={"X-Rates-Token": self.token})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            log.error("rates service answered %s for %s", exc.code, url)
            if exc.code in (401, 403):
                raise RatesForbidden(f"rates service refused token for {url}: {exc}") from exc
            raise RatesUnavailable(f"rates service error for {currency}: {exc}") from exc
        except TimeoutError as exc:
            raise RatesTimeout(f"no rate for {currency} within {self.timeout}s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise RatesTimeout(f"no rate for {currency} within {self.timeout}s") from exc
            raise RatesUnavailable(f"cannot reach rates service at {url}: {exc.reason}") from exc
