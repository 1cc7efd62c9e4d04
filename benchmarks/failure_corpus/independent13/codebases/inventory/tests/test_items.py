"""Items, suppliers and stock."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from inventory import items
from tests.conftest import DATA


def test_add_and_read_stock(make_item: Callable[..., str]) -> None:
    assert items.stock(make_item("bolt", 7)) == 7


def test_adjust_stock(make_item: Callable[..., str]) -> None:
    sku = make_item("nut", 10)
    assert items.adjust(sku, -4) == 6


def test_adjust_below_zero_rejected(make_item: Callable[..., str]) -> None:
    sku = make_item("gear", 2)
    with pytest.raises(items.InsufficientStock):
        items.adjust(sku, -5)


def test_retire_supplier(make_item: Callable[..., str], supplier: int, tag: str) -> None:
    sku = make_item("belt")
    successor = items.add_supplier(f"Successor {tag}")
    items.retire_supplier(supplier, successor)
    assert items.stock(sku) == 10


def test_move_item(make_item: Callable[..., str]) -> None:
    sku = make_item("pump")
    items.move(sku, "B-12")
    assert sku in items.at_location("B-12")


def test_items_by_location(make_item: Callable[..., str]) -> None:
    assert make_item("hose") in items.at_location("main")


def test_retire_item(make_item: Callable[..., str]) -> None:
    assert items.retire(make_item("lamp")) == "retired"


def test_price_history(make_item: Callable[..., str]) -> None:
    sku = make_item("fan")
    items.record_price(sku, Decimal("9.99"))
    assert items.price_history(sku) == [Decimal("9.99")]


def test_load_seed(tag: str) -> None:
    assert items.load_seed(DATA / "seed_items.csv", "-" + tag) == 3


def test_items_listing(seeded_items: list[str]) -> None:
    assert all(items.stock(s) > 0 for s in seeded_items)


def test_items_count(seeded_items: list[str]) -> None:
    assert [items.stock(s) for s in seeded_items] == [5, 10, 15]
