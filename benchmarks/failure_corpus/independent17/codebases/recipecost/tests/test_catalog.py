from __future__ import annotations

from decimal import Decimal

import psycopg

from recipecost.catalog import add_ingredient, cheapest_quote, quotes_for


def test_add_ingredient(conn: psycopg.Connection) -> None:
    new_id = add_ingredient(conn, "OAT-001", "rolled oats", "g", Decimal("2.10"))
    assert new_id > 5


def test_add_rye_flour(conn: psycopg.Connection) -> None:
    new_id = add_ingredient(conn, "FLR-002", "rye flour", "g", Decimal("1.90"), Decimal("0.50"))
    row = conn.execute("SELECT name FROM ingredients WHERE id = %s", (new_id,)).fetchone()
    assert row == ("rye flour",)


def test_add_ingredient_measured_by_pinch(conn: psycopg.Connection) -> None:
    add_ingredient(conn, "SLT-001", "sea salt flakes", "pinch", Decimal("12.00"))
    row = conn.execute("SELECT unit FROM ingredients WHERE sku = 'SLT-001'").fetchone()
    assert row == ("pinch",)


def test_cheapest_butter_quote(conn: psycopg.Connection) -> None:
    assert cheapest_quote(conn, "BTR-001") == ("Dairy Lane", Decimal("8.1000"))


def test_quotes_for_butter(conn: psycopg.Connection) -> None:
    assert quotes_for(conn, "BTR-001") == ["Dairy Lane", "Hill Farm"]
