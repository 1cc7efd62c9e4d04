"""Checkout: price, reserve stock, charge, store."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass

from shop import pricing
from shop.db import OrderRepository
from shop.errors import ShopError
from shop.inventory import InventoryClient
from shop.payments import PaymentsClient

log = logging.getLogger(__name__)


class StockCache:
    """Short-lived cache of stock levels shared by request threads."""

    def __init__(self, inventory: InventoryClient, ttl: float = 30.0) -> None:
        self.inventory = inventory
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, int]] = {}

    def _fresh(self, sku: str) -> int | None:
        entry = self._entries.get(sku)
        if entry and time.monotonic() - entry[0] < self.ttl:
            return entry[1]
        return None

    def get(self, sku: str) -> int:
        with self._lock:
            cached = self._fresh(sku)
            if cached is not None:
                return cached
        level = self.inventory.available(sku)
        with self._lock:
            self._entries[sku] = (time.monotonic(), level)
        return level

    def invalidate(self, sku: str) -> None:
        with self._lock:
            self._entries.pop(sku, None)


@dataclass
class Receipt:
    order_id: int
    external_ref: str
    total_cents: int
    payment_id: str


class OrderService:
    def __init__(self, repo: OrderRepository, payments: PaymentsClient,
                 inventory: InventoryClient, discounts: dict[str, pricing.Discount]) -> None:
        self.repo = repo
        self.payments = payments
        self.inventory = inventory
        self.discounts = discounts
        self.stock = StockCache(inventory)

    def quote(self, customer_id: int, lines: list[tuple[str, int]],
              discount_code: str | None = None) -> int:
        region = self.repo.customer_region(customer_id)
        discount = self.discounts.get(discount_code) if discount_code else None
        return pricing.total(lines, region, discount)

    def place_order(self, customer_id: int, lines: list[tuple[str, int]],
                    discount_code: str | None = None, external_ref: str | None = None) -> Receipt:
        external_ref = external_ref or f"WEB-{uuid.uuid4().hex[:10].upper()}"
        amount = self.quote(customer_id, lines, discount_code)
        for sku, quantity in lines:
            self.inventory.reserve(sku, quantity)
            self.stock.invalidate(sku)
        payment_id = self.payments.authorize(external_ref, amount)
        stored = [(sku, quantity, pricing.unit_price(sku)) for sku, quantity in lines]
        order_id = self.repo.add_order(external_ref, customer_id, amount, stored,
                                       discount_code, payment_id)
        log.info("order %s placed: %s cents, payment %s", external_ref, amount, payment_id)
        return Receipt(order_id, external_ref, amount, payment_id)

    def refund(self, order_id: int, amount_cents: int, reason: str) -> int:
        order = self.repo.get_order(order_id)
        already = self.repo.refunded_cents(order_id)
        if already + amount_cents > order.total_cents:
            raise ShopError(f"refund of {amount_cents} exceeds what is left of order "
                            f"{order.external_ref} ({order.total_cents - already})")
        self.payments.refund(order.payment_id or "", amount_cents)
        refund_id = self.repo.add_refund(order_id, amount_cents, reason)
        if already + amount_cents == order.total_cents:
            self.repo.set_status(order_id, "refunded")
        return refund_id
