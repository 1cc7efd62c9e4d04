import time

import pytest
from shop.errors import OutOfStock


def test_available_for_known_sku(inventory):
    assert inventory.available("SKU-1") >= 0


def test_availability_keeps_order(inventory):
    skus = ["SKU-5", "SKU-1", "SKU-3"]
    assert [sku for sku, _ in inventory.availability(skus)] == skus


def test_availability_is_fast(inventory):
    started = time.monotonic()
    inventory.availability(["SKU-1", "SKU-2", "SKU-3", "SKU-4"])
    elapsed = time.monotonic() - started
    assert elapsed < 0.3, f"stock lookup took {elapsed:.3f}s (budget 0.3s)"


def test_reserve_returns_id(inventory):
    assert len(inventory.reserve("SKU-2", 1)) == 36


def test_reserve_more_than_stock_fails(inventory):
    with pytest.raises(OutOfStock):
        inventory.reserve("SKU-2", 10_000)
