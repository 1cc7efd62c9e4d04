from __future__ import annotations

from decimal import Decimal

import psycopg

from recipecost.costing import allergens, recipe_cost


def test_shortbread_cost(conn: psycopg.Connection) -> None:
    assert recipe_cost(conn, "shortbread") == Decimal("2.1350")


def test_pancake_cost_uses_density(conn: psycopg.Connection) -> None:
    assert recipe_cost(conn, "pancakes") == Decimal("1.2172")


def test_shortbread_allergens(conn: psycopg.Connection) -> None:
    assert allergens(conn, "shortbread") == ["gluten", "milk"]


def test_pancake_allergens_include_egg(conn: psycopg.Connection) -> None:
    assert "egg" in allergens(conn, "pancakes")
