"""Cases, parties, filings and hearings in PostgreSQL, through plain SQL."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import psycopg2
import psycopg2.errors
import psycopg2.extras

from docketline.config import Settings
from docketline.errors import DuplicateFiling, StoreUnavailable

log = logging.getLogger(__name__)
Connection = psycopg2.extensions.connection


def connect(settings: Settings) -> Connection:
    """Open a connection as the application role, with a lock timeout."""
    try:
        conn = psycopg2.connect(
            host=settings.pg_host,
            port=settings.pg_port,
            dbname=settings.pg_database,
            user=settings.app_user,
            password=settings.app_password,
            connect_timeout=3,
            options="-c lock_timeout=1500 -c statement_timeout=20000",
        )
    except psycopg2.OperationalError as exc:
        log.error("case database %s:%s unavailable", settings.pg_host, settings.pg_port)
        raise StoreUnavailable(f"case database {settings.pg_database} unavailable") from exc
    conn.autocommit = False
    return conn


def open_case(conn: Connection, case_number: str, title: str, case_type: str) -> int:
    """Open a case and return its id."""
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO cases (case_number, title, case_type) VALUES (%s, %s, %s) RETURNING id",
            (case_number, title, case_type),
        )
        case_id: int = cur.fetchone()[0]
    conn.commit()
    log.info("opened case %s as %d", case_number, case_id)
    return case_id


def add_party(
    conn: Connection, case_id: int, name: str, role: str, bar_number: str | None = None
) -> int:
    """Add a party to a case."""
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO parties (case_id, name, role, bar_number) VALUES (%s, %s, %s, %s)"
            " RETURNING id",
            (case_id, name, role, bar_number),
        )
        party_id: int = cur.fetchone()[0]
    conn.commit()
    return party_id


def parties_of(conn: Connection, case_id: int) -> list[dict[str, Any]]:
    """The parties of a case, in the order they joined."""
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            "SELECT name, role, bar_number FROM parties WHERE case_id = %s ORDER BY id",
            (case_id,),
        )
        return [dict(r) for r in cur.fetchall()]


def next_seq(conn: Connection, case_id: int) -> int:
    """The next docket sequence number of a case."""
    with conn.cursor() as cur:
        cur.execute("SELECT coalesce(max(seq), 0) + 1 FROM filings WHERE case_id = %s", (case_id,))
        seq: int = cur.fetchone()[0]
    return seq


def file_document(
    conn: Connection,
    case_id: int,
    document_type: str,
    title: str,
    filed_by: str,
    filed_at: dt.datetime,
    pages: int,
) -> tuple[int, int]:
    """Put a document on the docket; return its filing id and sequence number."""
    seq = next_seq(conn, case_id)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO filings (case_id, seq, document_type, title, filed_by, filed_at,"
                " pages) VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (case_id, seq, document_type, title, filed_by, filed_at, pages),
            )
            filing_id: int = cur.fetchone()[0]
    except psycopg2.errors.UniqueViolation as exc:
        conn.rollback()
        raise DuplicateFiling(f"case {case_id} already has docket entry {seq}") from exc
    conn.commit()
    log.info("case %d: docket entry %d (%s)", case_id, seq, document_type)
    return filing_id, seq


def docket(conn: Connection, case_id: int) -> list[dict[str, Any]]:
    """The docket of a case, oldest entry first."""
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            "SELECT seq, document_type, title, filed_by, filed_at, pages FROM filings"
            " WHERE case_id = %s ORDER BY seq ASC",
            (case_id,),
        )
        return [dict(r) for r in cur.fetchall()]


def schedule_hearing(
    conn: Connection,
    case_id: int,
    starts_at: dt.datetime,
    minutes: int,
    kind: str,
    courtroom: str,
) -> int:
    """Book a hearing in a courtroom."""
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO hearings (case_id, starts_at, minutes, kind, courtroom)"
            " VALUES (%s, %s, %s, %s, %s) RETURNING id",
            (case_id, starts_at, minutes, kind, courtroom),
        )
        hearing_id: int = cur.fetchone()[0]
    conn.commit()
    return hearing_id


def busy_periods(
    conn: Connection, day: dt.date, courtroom: str
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Booked periods of a courtroom on a day."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT starts_at, starts_at + make_interval(mins => minutes) FROM hearings"
            " WHERE courtroom = %s AND starts_at::date = %s ORDER BY starts_at",
            (courtroom, day),
        )
        return [(r[0], r[1]) for r in cur.fetchall()]


def hearings_of(conn: Connection, case_id: int) -> list[dict[str, Any]]:
    """Hearings of a case, earliest first."""
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            "SELECT h.starts_at, h.minutes, h.kind, h.courtroom, c.case_number FROM hearings h"
            " JOIN cases c ON c.id = h.case_id WHERE h.case_id = %s ORDER BY h.starts_at",
            (case_id,),
        )
        return [dict(r) for r in cur.fetchall()]


def record_payment(
    conn: Connection, case_id: int, filing_id: int | None, amount_cents: int, receipt_id: str
) -> int:
    """Record a fee payment against a filing."""
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO fee_payments (case_id, filing_id, amount_cents, receipt_id)"
            " VALUES (%s, %s, %s, %s) RETURNING id",
            (case_id, filing_id, amount_cents, receipt_id),
        )
        payment_id: int = cur.fetchone()[0]
    conn.commit()
    return payment_id


def paid_total(conn: Connection, case_id: int) -> int:
    """Fees paid on a case, in cents."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT coalesce(sum(amount_cents), 0) FROM fee_payments WHERE case_id = %s",
            (case_id,),
        )
        total: int = cur.fetchone()[0]
    return total
