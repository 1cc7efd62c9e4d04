"""Fixtures of the inventory suite: unique SKUs per test on the shared database."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from inventory import items
from inventory.db import connect

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def tag() -> str:
    return uuid.uuid4().hex[:8].upper()


@pytest.fixture
def supplier(tag: str) -> int:
    return items.add_supplier(f"Supplier {tag}")


@pytest.fixture
def make_item(tag: str, supplier: int) -> Callable[..., str]:
    def make(name: str = "Widget", qty: int = 10, cost: str = "2.50") -> str:
        from decimal import Decimal
        sku = f"{tag}-{name.upper()}"
        items.add_item(sku, name, supplier, qty, Decimal(cost))
        return sku
    return make


@pytest.fixture
def seeded_items(tag: str) -> list[str]:
    skus = [f"{tag}-S{i}" for i in range(3)]
    with connect() as conn:
        for i, sku in enumerate(skus):
            conn.execute("INSERT INTO items (sku, name, qty, unit_cost) VALUES (%s, %s, %s, %s)",
                         (sku, f"seeded {i}", 5 * (i + 1), "1.00"))
    return skus
