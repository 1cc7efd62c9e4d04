"""Margin report for the kitchen manager, read with the reporting role."""

from __future__ import annotations

from decimal import Decimal

import psycopg

from recipecost.costing import recipe_cost
from recipecost.portions import per_portion


def margin_report(dsn: str, prices: dict[str, Decimal]) -> dict[str, Decimal]:
    """Share of the menu price each recipe's portion cost takes."""
    report: dict[str, Decimal] = {}
    with psycopg.connect(dsn, connect_timeout=2) as conn:
        for name, portions in conn.execute("SELECT name, portions FROM recipes ORDER BY name"):
            if name not in prices:
                continue
            unit_cost = per_portion(recipe_cost(conn, name), portions)
            report[name] = (unit_cost / prices[name]).quantize(Decimal("0.001"))
    return report
