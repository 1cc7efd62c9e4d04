from __future__ import annotations

import sqlite3

from boxoffice.orders import place_order
from boxoffice.payments import charge


def test_charge_returns_id() -> None:
    assert charge(101, 2500).startswith("ch_")


def test_charge_zero_amount() -> None:
    assert charge(102, 0).startswith("ch_")


def test_charge_large_amount() -> None:
    assert charge(103, 250_000).startswith("ch_")


def test_charge_ids_differ() -> None:
    assert charge(104, 1000) != charge(105, 1000)


def test_charge_placed_order(conn: sqlite3.Connection, event: int) -> None:
    order = place_order(conn, event, "max@example.org", "premium", 2)
    total = conn.execute("SELECT total_cents FROM orders WHERE id = ?", (order,)).fetchone()
    assert charge(order, total["total_cents"]).startswith("ch_")
