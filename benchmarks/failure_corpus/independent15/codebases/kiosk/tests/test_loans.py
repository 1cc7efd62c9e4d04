from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from loankiosk import loans

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_due_date_is_three_weeks_later_in_branch_time() -> None:
    assert loans.due_date(datetime(2026, 3, 2, 23, 30, tzinfo=UTC)) == date(2026, 3, 24)


def test_fine_rounds_half_up() -> None:
    assert loans.fine_for(3, "0.125") == Decimal("0.38")


def test_fine_total_of_keypad_amounts() -> None:
    assert loans.fine_total(["1.25", " 0.50", "2"]) == Decimal("3.75")


def test_checkout_creates_open_loan(conn: sqlite3.Connection) -> None:
    loan_id = loans.checkout(conn, " C-1002", "B-0007", NOW)
    row = conn.execute("SELECT card, due, returned FROM loans WHERE id = ?", (loan_id,)).fetchone()
    assert (row["card"], row["due"], row["returned"]) == ("c-1002", "2026-03-23", None)


def test_renew_extends_due_date(conn: sqlite3.Connection) -> None:
    loan_id = loans.checkout(conn, "c-1001", "B-0009", NOW)
    assert loans.renew(conn, loan_id) == date(2026, 4, 13)


def test_renewals_are_limited(conn: sqlite3.Connection) -> None:
    loan_id = loans.checkout(conn, "c-1001", "B-0015", NOW)
    conn.execute("UPDATE loans SET renewals = 2 WHERE id = ?", (loan_id,))
    with pytest.raises(loans.LoanError, match="renewed too often"):
        loans.renew(conn, loan_id)


def test_return_on_time_costs_nothing(conn: sqlite3.Connection) -> None:
    loan_id = loans.checkout(conn, "c-1001", "B-0001", NOW)
    assert loans.return_item(conn, loan_id, date(2026, 3, 20)) == 0


def test_return_overdue_at_east_branch(conn: sqlite3.Connection) -> None:
    loan_id = loans.checkout(conn, "c-1002", "B-0011", NOW)
    assert loans.return_item(conn, loan_id, date(2026, 3, 27)) == 100


def test_place_hold(conn: sqlite3.Connection) -> None:
    assert loans.place_hold(conn, "c-1001", "9780141439518", NOW) > 0


def test_hold_queue_position(conn: sqlite3.Connection) -> None:
    loans.place_hold(conn, "c-1002", "9780262033848", NOW)
    loans.place_hold(conn, "c-1001", "9780262033848", NOW.replace(hour=23))
    assert loans.hold_position(conn, "c-1001", "9780262033848") == 2


def test_shelf_label() -> None:
    item = {"shelf": "FIC AUS", "title": "Persuasion"}
    assert loans.shelf_label(item) == "FIC AUS / PERSUASION"


def test_overdue_listing(overdue_loans: list[dict[str, Any]]) -> None:
    assert loans.overdue(overdue_loans, date(2026, 3, 15)) == ["B-0007", "B-0001"]
