"""Checkouts, renewals, returns, holds and fines."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

LOAN_DAYS = 21
MAX_RENEWALS = 2
CENT = Decimal("0.01")


class LoanError(Exception):
    """A loan operation the kiosk refuses."""


def due_date(checked_out: datetime, branch_tz: str = "Europe/Oslo") -> date:
    """Loans are due at the end of the local day three weeks after checkout."""
    local = checked_out.astimezone(ZoneInfo(branch_tz))
    return (local + timedelta(days=LOAN_DAYS)).date()


def fine_for(days_late: int, per_day: str) -> Decimal:
    """The fine for ``days_late`` days at ``per_day`` currency units, rounded to the cent."""
    amount = Decimal(per_day) * days_late
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: str) -> Decimal:
    """A fine amount as typed on the kiosk's keypad, e.g. ``"1.25"``."""
    return Decimal(text.strip()).quantize(CENT)


def fine_total(amounts: list[str]) -> Decimal:
    """Sum of keypad amounts."""
    return sum((parse_amount(text) for text in amounts), Decimal("0.00"))


def checkout(conn: sqlite3.Connection, card: str, barcode: str, now: datetime) -> int:
    """Lend ``barcode`` to ``card``; returns the loan id."""
    with conn:
        cursor = conn.execute(
            "INSERT INTO loans (card, barcode, due) VALUES (?, ?, ?)",
            (card.strip().lower(), barcode, due_date(now).isoformat()),
        )
    return int(cursor.lastrowid or 0)


def renew(conn: sqlite3.Connection, loan_id: int) -> date:
    """Extend a loan by another loan period, at most ``MAX_RENEWALS`` times."""
    row = conn.execute("SELECT due, renewals FROM loans WHERE id = ?", (loan_id,)).fetchone()
    if row is None:
        raise LoanError(f"no loan {loan_id}")
    if row["renewals"] >= MAX_RENEWALS:
        raise LoanError(f"loan {loan_id} renewed too often")
    new_due = date.fromisoformat(row["due"]) + timedelta(days=LOAN_DAYS)
    with conn:
        conn.execute(
            "UPDATE loans SET due = ?, renewals = renewals + 1 WHERE id = ?",
            (new_due.isoformat(), loan_id),
        )
    return new_due


def return_item(conn: sqlite3.Connection, loan_id: int, returned: date) -> int:
    """Close a loan and charge the branch's fine; returns the fine in cents."""
    row = conn.execute(
        "SELECT loans.due, patrons.branch FROM loans JOIN patrons USING (card) WHERE loans.id = ?",
        (loan_id,),
    ).fetchone()
    rate = conn.execute(
        "SELECT fine_per_day_cents FROM branch_rules WHERE branch = ?", (row["branch"],)
    ).fetchone()[0]
    days_late = max(0, (returned - date.fromisoformat(row["due"])).days)
    fine = days_late * int(rate)
    with conn:
        conn.execute(
            "UPDATE loans SET returned = ?, fine_cents = ? WHERE id = ?",
            (returned.isoformat(), fine, loan_id),
        )
    return fine


def place_hold(conn: sqlite3.Connection, card: str, isbn: str, placed: datetime) -> int:
    """Queue ``card`` for the next copy of ``isbn``."""
    with conn:
        cursor = conn.execute(
            "INSERT INTO holds (card, isbn, placed) VALUES (?, ?, ?)",
            (card, isbn, placed.isoformat()),
        )
    return int(cursor.lastrowid or 0)


def hold_position(conn: sqlite3.Connection, card: str, isbn: str) -> int:
    """1-based place of ``card`` in the queue for ``isbn``."""
    rows = conn.execute(
        "SELECT card FROM holds WHERE isbn = ? ORDER BY placed, id", (isbn,)
    ).fetchall()
    for index, row in enumerate(rows, start=1):
        if row["card"] == card:
            return index
    raise LoanError(f"{card} holds nothing for {isbn}")


def shelf_label(item: dict[str, str]) -> str:
    """Spine label text: call number then the first word of the title."""
    return f"{item['shelf']} / {item['title'].split()[0].upper()}"


def overdue(loans: list[dict[str, str]], today: date) -> list[str]:
    """Barcodes of open loans past their due date, oldest due first."""
    late = [
        loan
        for loan in loans
        if not loan.get("returned") and date.fromisoformat(loan["due"]) < today
    ]
    late.sort(key=lambda loan: loan["due"])
    return [loan["barcode"] for loan in late]
