"""Period reports for finance, read through the reporting role."""

from __future__ import annotations

import logging
from decimal import Decimal

import psycopg
from tabulate import tabulate

from payrun.store import connect

log = logging.getLogger(__name__)


def department_totals(dsn: str, period: str) -> list[tuple[str, str, Decimal, Decimal]]:
    """Gross and net per department and cost centre, largest gross first."""
    conn = connect(dsn)
    try:
        rows = conn.execute(
            "SELECT d.code, d.cost_centre, sum(p.gross), sum(p.net)"
            " FROM payslips p JOIN employees e ON e.id = p.employee_id"
            " JOIN departments d ON d.code = e.department"
            " WHERE p.period = %s GROUP BY d.code, d.cost_centre ORDER BY sum(p.gross) DESC",
            (period,),
        ).fetchall()
    finally:
        conn.close()
    return [(row[0], row[1], row[2], row[3]) for row in rows]


def headcount(dsn: str) -> dict[str, int]:
    """Employees per department, departments without anyone included."""
    with psycopg.connect(dsn, connect_timeout=3) as conn:
        rows = conn.execute(
            "SELECT d.code, count(e.id) FROM departments d"
            " LEFT JOIN employees e ON e.department = d.code GROUP BY d.code"
        ).fetchall()
    return {row[0]: int(row[1]) for row in rows}


def render_totals(rows: list[tuple[str, str, Decimal, Decimal]]) -> str:
    """The totals as a fixed-width table for the finance mailing."""
    table = [[code, centre, f"{gross:,.2f}", f"{net:,.2f}"] for code, centre, gross, net in rows]
    total_gross = sum((r[2] for r in rows), Decimal(0))
    total_net = sum((r[3] for r in rows), Decimal(0))
    table.append(["TOTAL", "", f"{total_gross:,.2f}", f"{total_net:,.2f}"])
    return tabulate(
        table,
        headers=["department", "cost centre", "gross", "net"],
        colalign=("left", "left", "right", "right"),
        maxcolwidths=[12, 12, None, None],
        disable_numparse=True,
    )


def departments(rows: list[tuple[str, str, Decimal, Decimal]]) -> set[str]:
    """The departments present in a report."""
    return {row[0] for row in rows}
