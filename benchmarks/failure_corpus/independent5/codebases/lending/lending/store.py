"""The lending database (PostgreSQL through psycopg 3, autocommit, dict rows)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import psycopg
from psycopg.rows import dict_row

from lending import rules
from lending.errors import LoanRefused, StoreUnavailable

Row = dict[str, Any]


def connect(dsn: str) -> psycopg.Connection[Row]:
    """Open an autocommit connection whose rows are dicts."""
    try:
        return psycopg.connect(dsn, autocommit=True, row_factory=dict_row, connect_timeout=3)
    except psycopg.OperationalError as exc:
        raise StoreUnavailable(f"cannot open the lending database: {exc}") from exc


def card_number(name: str, branch: str) -> str:
    """A new library card number."""
    return f"{branch[:3].upper()}-{uuid.uuid4().hex[:8].upper()}"


def add_member(
    conn: psycopg.Connection[Row], name: str, kind: str, branch: str, email: str | None = None
) -> Row:
    row = conn.execute(
        "INSERT INTO members (name, kind, email, card_number) VALUES (%s, %s, %s, %s) "
        "RETURNING id, name, kind, card_number",
        (name, kind, email, card_number(name, branch)),
    ).fetchone()
    assert row is not None
    return row


def add_copy(conn: psycopg.Connection[Row], isbn: str, title: str, branch: str) -> Row:
    barcode = f"3{uuid.uuid4().int % 10**12:012d}"
    row = conn.execute(
        "INSERT INTO copies (barcode, isbn, title, branch) VALUES (%s, %s, %s, %s) "
        "RETURNING id, barcode, isbn, title, branch",
        (barcode, isbn, title, branch),
    ).fetchone()
    assert row is not None
    return row


def open_loans(conn: psycopg.Connection[Row], member_id: int) -> list[Row]:
    return conn.execute(
        "SELECT l.id, l.copy_id, l.due_on, l.renewals, c.title FROM loans l "
        "JOIN copies c ON c.id = l.copy_id WHERE member_id = %s AND returned_on IS NULL "
        "ORDER BY l.due_on, l.id",
        (member_id,),
    ).fetchall()


def lend(conn: psycopg.Connection[Row], copy_id: int, member_id: int, day: date) -> Row:
    """Lend a copy; the due date follows the member's kind."""
    member = conn.execute("SELECT kind FROM members WHERE id = %s", (member_id,)).fetchone()
    if member is None:
        raise LoanRefused(f"no member {member_id}")
    rules.check_limit(member["kind"], len(open_loans(conn, member_id)))
    busy = conn.execute(
        "SELECT 1 FROM loans WHERE copy_id = %s AND returned_on IS NULL", (copy_id,)
    ).fetchone()
    if busy:
        raise LoanRefused(f"copy {copy_id} is already lent")
    row = conn.execute(
        "INSERT INTO loans (copy_id, member_id, lent_on, due_on) VALUES (%s, %s, %s, %s) "
        "RETURNING id, copy_id, member_id, lent_on, due_on, renewals",
        (copy_id, member_id, day, rules.due_date(member["kind"], day)),
    ).fetchone()
    assert row is not None
    return row


def renew(conn: psycopg.Connection[Row], loan_id: int) -> Row:
    """Extend a loan by one loan period unless members wait for the copy."""
    loan = conn.execute(
        "SELECT l.id, l.copy_id, l.due_on, l.renewals, m.kind FROM loans l "
        "JOIN members m ON m.id = l.member_id WHERE l.id = %s",
        (loan_id,),
    ).fetchone()
    if loan is None:
        raise LoanRefused(f"no loan {loan_id}")
    holds = conn.execute(
        "SELECT count(*) AS n FROM holds WHERE copy_id = %s", (loan["copy_id"],)
    ).fetchone()
    rules.check_renewal(loan["renewals"], holds["n"] if holds else 0)
    row = conn.execute(
        "UPDATE loans SET due_on = %s, renewals = renewals + 1 WHERE id = %s "
        "RETURNING id, due_on, renewals",
        (rules.due_date(loan["kind"], loan["due_on"]), loan_id),
    ).fetchone()
    assert row is not None
    return row


def return_copy(conn: psycopg.Connection[Row], loan_id: int, day: date) -> int:
    """Close a loan; record and return its overdue fine in cents."""
    loan = conn.execute(
        "SELECT l.due_on, m.kind FROM loans l JOIN members m ON m.id = l.member_id "
        "WHERE l.id = %s AND l.returned_on IS NULL",
        (loan_id,),
    ).fetchone()
    if loan is None:
        raise LoanRefused(f"loan {loan_id} is not open")
    conn.execute("UPDATE loans SET returned_on = %s WHERE id = %s", (day, loan_id))
    cents = rules.fine_cents(loan["kind"], loan["due_on"], day)
    if cents:
        conn.execute("INSERT INTO fines (loan_id, amount_cents) VALUES (%s, %s)", (loan_id, cents))
    return cents


def place_hold(conn: psycopg.Connection[Row], copy_id: int, member_id: int) -> Row:
    row = conn.execute(
        "INSERT INTO holds (copy_id, member_id) VALUES (%s, %s) RETURNING id, copy_id, member_id",
        (copy_id, member_id),
    ).fetchone()
    assert row is not None
    return row


def overdue(conn: psycopg.Connection[Row], day: date) -> list[Row]:
    """Open loans past their due date, oldest first."""
    return conn.execute(
        "SELECT l.id, l.due_on, c.title, c.branch, m.name, m.email FROM loans l "
        "JOIN copies c ON c.id = l.copy_id JOIN members m ON m.id = l.member_id "
        "WHERE l.returned_on IS NULL AND l.due_on < %s ORDER BY l.due_on, l.id",
        (day,),
    ).fetchall()


def unpaid_fines(conn: psycopg.Connection[Row]) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT c.branch, f.amount_cents FROM fines f JOIN loans l ON l.id = f.loan_id "
        "JOIN copies c ON c.id = l.copy_id WHERE NOT f.paid ORDER BY f.id"
    ).fetchall()
    return [(r["branch"], r["amount_cents"]) for r in rows]


def clear(conn: psycopg.Connection[Row]) -> None:
    """Empty every table (test isolation)."""
    conn.execute("TRUNCATE holds, fines, loans, copies, members RESTART IDENTITY CASCADE")
