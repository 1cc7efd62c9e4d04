from __future__ import annotations

import logging
import sqlite3

import pytest

from boxoffice.errors import SoldOut
from boxoffice.orders import orders_for, place_order, refund, seats_sold, tickets_of

log = logging.getLogger("tests.orders")


def test_place_order_total(conn: sqlite3.Connection, event: int) -> None:
    order = place_order(conn, event, "ada@example.org", "standard", 2)
    row = conn.execute("SELECT total_cents FROM orders WHERE id = ?", (order,)).fetchone()
    assert row["total_cents"] == 5000 + 150


def test_tickets_get_consecutive_seats(conn: sqlite3.Connection, event: int) -> None:
    first = place_order(conn, event, "bo@example.org", "standard", 3)
    second = place_order(conn, event, "cy@example.org", "standard", 2)
    assert tickets_of(conn, first) == ["A1", "A2", "A3"]
    assert tickets_of(conn, second) == ["A4", "A5"]


def test_large_group_spans_rows(conn: sqlite3.Connection, event: int) -> None:
    order = place_order(conn, event, "dee@example.org", "concession", 12)
    labels = tickets_of(conn, order)
    log.info("seats of order %s: %s", order, labels)
    assert labels[-1] == "B2"


def test_premium_order(conn: sqlite3.Connection, event: int) -> None:
    order = place_order(conn, event, "eli@example.org", "premium", 1)
    assert tickets_of(conn, order) == ["A1"]


def test_sold_out(conn: sqlite3.Connection, event: int) -> None:
    place_order(conn, event, "fay@example.org", "standard", 8)
    place_order(conn, event, "gus@example.org", "standard", 30)
    with pytest.raises(SoldOut):
        place_order(conn, event, "hal@example.org", "standard", 3)
    assert seats_sold(conn, event) == 38


def test_orders_for_customer_oldest_first(conn: sqlite3.Connection, event: int) -> None:
    first = place_order(conn, event, "ivy@example.org", "standard", 1)
    second = place_order(conn, event, "ivy@example.org", "concession", 2)
    assert [o["id"] for o in orders_for(conn, "ivy@example.org")] == [first, second]


def test_orders_for_fields(conn: sqlite3.Connection, event: int) -> None:
    place_order(conn, event, "jo@example.org", "premium", 2)
    (order,) = orders_for(conn, "jo@example.org")
    assert order["seats"] == 2 and order["tier"] == "premium"


def test_refund_two_weeks_ahead(conn: sqlite3.Connection, event: int) -> None:
    order = place_order(conn, event, "kim@example.org", "standard", 2)
    assert refund(conn, order, 20) == 5150


def test_refund_recorded(conn: sqlite3.Connection, event: int) -> None:
    order = place_order(conn, event, "lou@example.org", "standard", 2)
    refund(conn, order, 3)
    row = conn.execute("SELECT refunded_cents FROM orders WHERE id = ?", (order,)).fetchone()
    assert row["refunded_cents"] == 2575
