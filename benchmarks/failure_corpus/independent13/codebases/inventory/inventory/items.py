"""Items, suppliers and stock levels (psycopg)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from inventory.db import connect


class InsufficientStock(ValueError):
    """An adjustment would take stock below zero."""


def add_supplier(name: str) -> int:
    with connect() as conn:
        row = conn.execute("INSERT INTO suppliers (name) VALUES (%s) RETURNING id", (name,)).fetchone()
        assert row is not None
        return int(str(row[0]))


def add_item(sku: str, name: str, supplier_id: int | None, qty: int, unit_cost: Decimal = Decimal("1")) -> None:
    with connect() as conn:
        conn.execute("INSERT INTO items (sku, name, supplier_id, qty, unit_cost) VALUES (%s, %s, %s, %s, %s)",
                     (sku, name, supplier_id, qty, unit_cost))


def stock(sku: str) -> int:
    with connect() as conn:
        row = conn.execute("SELECT qty FROM items WHERE sku = %s", (sku,)).fetchone()
        if row is None:
            raise KeyError(sku)
        return int(str(row[0]))


def adjust(sku: str, delta: int) -> int:
    with connect() as conn:
        row = conn.execute("SELECT qty FROM items WHERE sku = %s FOR UPDATE", (sku,)).fetchone()
        assert row is not None
        current = int(str(row[0]))
        if current + delta < 0:
            raise InsufficientStock(f"{sku}: {current} in stock, {-delta} requested")
        conn.execute("UPDATE items SET qty = qty + %s WHERE sku = %s", (delta, sku))
        return current + delta


def retire_supplier(supplier_id: int, successor: int) -> None:
    with connect() as conn:
        conn.execute("UPDATE items SET supplier_id = %s WHERE supplier_id = %s", (successor, supplier_id))
        conn.execute("DELETE FROM suppliers WHERE id = %s", (supplier_id,))


def move(sku: str, location: str) -> None:
    with connect() as conn:
        conn.execute("UPDATE items SET location = %s WHERE sku = %s", (location, sku))


def at_location(location: str) -> list[str]:
    with connect() as conn:
        rows = conn.execute("SELECT sku FROM items WHERE location = %s ORDER BY sku", (location,)).fetchall()
        return [str(r[0]) for r in rows]


def retire(sku: str) -> str:
    with connect() as conn:
        conn.execute("UPDATE items SET state = 'retired' WHERE sku = %s", (sku,))
        row = conn.execute("SELECT state FROM items WHERE sku = %s", (sku,)).fetchone()
        assert row is not None
        return str(row[0])


def record_price(sku: str, price: Decimal) -> None:
    with connect() as conn:
        conn.execute("INSERT INTO price_history (sku, price) VALUES (%s, %s)", (sku, price))


def price_history(sku: str) -> list[Decimal]:
    with connect() as conn:
        rows = conn.execute("SELECT price FROM price_history WHERE sku = %s ORDER BY seen_at", (sku,)).fetchall()
        return [Decimal(str(r[0])) for r in rows]


def load_seed(path: Path, suffix: str) -> int:
    with path.open(newline="", encoding="utf-8") as fh, connect() as conn:
        rows = list(csv.DictReader(fh))
        for row in rows:
            conn.execute("INSERT INTO items (sku, name, qty, unit_cost) VALUES (%s, %s, %s, %s)",
                         (row["sku"] + suffix, row["name"], int(row["qty"]), Decimal(row["unit_cost"])))
        return len(rows)
