"""An in-memory price book shared by the costing threads."""

from __future__ import annotations

import threading
from decimal import Decimal


class PriceBook:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._prices: dict[str, Decimal] = {}
        self.version = 0

    def update(self, sku: str, price: Decimal) -> None:
        with self._lock:
            self._prices[sku] = price
            self.version += 1

    def update_many(self, prices: dict[str, Decimal]) -> None:
        with self._lock:
            for sku, price in prices.items():
                self.update(sku, price)

    def price(self, sku: str) -> Decimal:
        with self._lock:
            return self._prices[sku]
