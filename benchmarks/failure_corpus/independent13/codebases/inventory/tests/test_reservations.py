"""Reservations through SQLAlchemy."""

from __future__ import annotations

from collections.abc import Callable

from inventory import items, reservations


def test_reserve_stock(make_item: Callable[..., str], tag: str) -> None:
    sku = make_item("drill", 5)
    assert reservations.reserve(sku, 2, f"ORD-{tag}") > 0
    assert items.stock(sku) == 3


def test_release_reservation(make_item: Callable[..., str], tag: str) -> None:
    sku = make_item("saw", 5)
    reservations.reserve(sku, 5, f"ORD-{tag}-R")
    reservations.release(f"ORD-{tag}-R")
    assert items.stock(sku) == 5
