"""Client of the rating partner that prices shipments (urllib, JSON)."""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

log = logging.getLogger("parcelhub.rates")


class RatesClient:
    """Quotes and zone lookups of the rating partner."""

    def __init__(self, base_url: str, key: str, timeout: float) -> None:
        self.base_url = base_url
        self.key = key
        self.timeout = timeout

    def _get(self, path: str, params: dict[str, str]) -> Any:
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(params)}"
        req = urllib.request.Request(url, headers={"X-Api-Key": self.key})
        log.debug("GET %s", url)
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            return json.loads(resp.read().decode("utf-8"))

    def quote(self, origin: str, destination: str, weight_g: int, service: str) -> Decimal:
        """Price of a shipment in euros, rounded to the cent."""
        body = self._get("/quote", {"from": origin, "to": destination,
                                    "weight_g": str(weight_g), "service": service})
        price = Decimal(body["price"]) * Decimal(body.get("surcharge", "1"))
        return price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def zone(self, postcode: str) -> str:
        """The partner's delivery zone of a postcode."""
        return str(self._get("/zones", {"postcode": postcode})["zone"])

    def cheapest(self, origin: str, destination: str, weight_g: int) -> tuple[str, Decimal]:
        """The cheapest service level and its price."""
        quotes = {s: self.quote(origin, destination, weight_g, s)
                  for s in ("economy", "standard", "express")}
        service = min(quotes, key=lambda s: quotes[s])
        return service, quotes[service]
