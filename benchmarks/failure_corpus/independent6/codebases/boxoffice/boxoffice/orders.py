"""Events, orders and tickets."""

from __future__ import annotations

import sqlite3
from typing import Any

from boxoffice.errors import SoldOut
from boxoffice.pricing import booking_fee, price_cents, refund_cents

SEATS_PER_ROW = 10


def create_event(conn: sqlite3.Connection, name: str, venue: str, capacity: int) -> int:
    cur = conn.execute(
        "INSERT INTO events (name, venue, capacity) VALUES (?, ?, ?)", (name, venue, capacity)
    )
    conn.commit()
    return int(cur.lastrowid or 0)


def seats_sold(conn: sqlite3.Connection, event_id: int) -> int:
    row = conn.execute(
        "SELECT coalesce(sum(seats), 0) AS n FROM orders WHERE event_id = ?", (event_id,)
    ).fetchone()
    return int(row["n"])


def seat_labels(first: int, seats: int) -> list[str]:
    """Labels of `seats` consecutive seats from seat number `first` (0-based): A1, A2, ..."""
    labels = []
    for n in range(first, first + seats):
        row, number = divmod(n, SEATS_PER_ROW)
        labels.append(f"{chr(ord('A') + row)}{number + 1}")
    return labels


def place_order(
    conn: sqlite3.Connection, event_id: int, customer: str, tier: str, seats: int
) -> int:
    """Book `seats` seats; raises SoldOut when the event has too few left."""
    capacity = conn.execute("SELECT capacity FROM events WHERE id = ?", (event_id,)).fetchone()
    sold = seats_sold(conn, event_id)
    if sold + seats > capacity["capacity"]:
        raise SoldOut(f"event {event_id}: {capacity['capacity'] - sold} seats left")
    total = price_cents(tier, seats)
    total += booking_fee(total)
    cur = conn.execute(
        "INSERT INTO orders (event_id, customer, tier, seats, total_cents) VALUES (?, ?, ?, ?, ?)",
        (event_id, customer, tier, seats, total),
    )
    order_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO tickets (order_id, event_id, seat_label) VALUES (?, ?, ?)",
        [(order_id, event_id, label) for label in seat_labels(sold, seats)],
    )
    conn.commit()
    return order_id


def refund(conn: sqlite3.Connection, order_id: int, days_before: int) -> int:
    """Record the refund of a cancelled order and return its amount."""
    row = conn.execute("SELECT total_cents FROM orders WHERE id = ?", (order_id,)).fetchone()
    amount = refund_cents(row["total_cents"], days_before)
    conn.execute("UPDATE orders SET refunded_cents = ? WHERE id = ?", (amount, order_id))
    conn.commit()
    return amount


def orders_for(conn: sqlite3.Connection, customer: str) -> list[dict[str, Any]]:
    """A customer's orders, oldest first."""
    rows = conn.execute(
        "SELECT id, event_id, tier, seats, total_cents FROM orders WHERE customer = ? "
        "ORDER BY id",
        (customer,),
    ).fetchall()
    return [dict(row) for row in rows]


def tickets_of(conn: sqlite3.Connection, order_id: int) -> list[str]:
    rows = conn.execute(
        "SELECT seat_label FROM tickets WHERE order_id = ? ORDER BY id", (order_id,)
    ).fetchall()
    return [row["seat_label"] for row in rows]
