"""Valuation reports, read through the reporting role."""

from __future__ import annotations

from decimal import Decimal

from inventory.db import connect


def valuation(lines: list[tuple[int, Decimal]]) -> Decimal:
    """Stock value: quantity times unit cost, summed."""
    return sum((qty * cost for qty, cost in lines), Decimal("0"))


def average_cost(costs: list[Decimal]) -> Decimal:
    if not costs:
        return Decimal("0")
    return sum(costs, Decimal("0")) / len(costs)


def stock_value(prefix: str) -> Decimal:
    with connect("inv_report") as conn:
        rows = conn.execute("SELECT qty, unit_cost FROM items WHERE sku LIKE %s", (prefix + "%",)).fetchall()
        return valuation([(int(str(q)), Decimal(str(c))) for q, c in rows])


def low_stock(prefix: str, threshold: int) -> list[str]:
    with connect("inv_report") as conn:
        rows = conn.execute("SELECT sku FROM items WHERE sku LIKE %s AND qty < %s ORDER BY sku",
                            (prefix + "%", threshold)).fetchall()
        return [str(r[0]) for r in rows]
