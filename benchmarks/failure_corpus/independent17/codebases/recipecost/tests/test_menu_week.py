from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import psycopg

from recipecost.costing import recipe_cost

from .helpers import expected_cost

DATA = Path(__file__).parent / "data"


def test_week_menu_cost(conn: psycopg.Connection) -> None:
    with (DATA / "menu_week.csv").open(newline="") as handle:
        plan = list(csv.DictReader(handle))
    shortbread_batches = sum(int(r["batches"]) for r in plan if r["recipe"] == "shortbread")
    assert shortbread_batches * recipe_cost(conn, "shortbread") == Decimal("6.4050")


def test_shortbread_matches_hand_costing(conn: psycopg.Connection) -> None:
    expected = expected_cost([(300, "1.20"), (100, "0.95"), (200, "8.40")])
    assert recipe_cost(conn, "shortbread") == expected
