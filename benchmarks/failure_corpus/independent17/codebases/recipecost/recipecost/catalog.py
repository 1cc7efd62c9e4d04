"""Ingredient catalogue and supplier quotes."""

from __future__ import annotations

from decimal import Decimal

import psycopg


def add_ingredient(conn: psycopg.Connection, sku: str, name: str, unit: str,
                   price_per_kg: Decimal, density: Decimal | None = None) -> int:
    row = conn.execute(
        "INSERT INTO ingredients (sku, name, unit, price_per_kg, density) "
        "VALUES (%s, %s, %s, %s, %s) RETURNING id",
        (sku, name, unit, price_per_kg, density)).fetchone()
    assert row is not None
    return int(row[0])


def cheapest_quote(conn: psycopg.Connection, sku: str) -> tuple[str, Decimal] | None:
    row = conn.execute(
        "SELECT supplier, price_per_kg FROM supplier_quotes WHERE sku = %s "
        "ORDER BY price_per_kg, quoted_on LIMIT 1", (sku,)).fetchone()
    return (row[0], row[1]) if row else None


def quotes_for(conn: psycopg.Connection, sku: str) -> list[str]:
    rows = conn.execute("SELECT supplier FROM supplier_quotes WHERE sku = %s ORDER BY supplier",
                        (sku,)).fetchall()
    return [r[0] for r in rows]


def menu_listing(conn: psycopg.Connection) -> list[tuple[str, int]]:
    """Recipes with their portions, read from the read replica."""
    return [(r[0], r[1]) for r in
            conn.execute("SELECT name, portions FROM recipes ORDER BY name").fetchall()]
