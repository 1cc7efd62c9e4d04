"""Caseload reports, read through the read-only reporting role."""

from __future__ import annotations

import datetime as dt

import psycopg2

from docketline.config import Settings


def connect(settings: Settings) -> psycopg2.extensions.connection:
    """A connection as the reporting role (to the reporting replica when one is configured)."""
    return psycopg2.connect(
        host=settings.reports_host,
        port=settings.reports_port,
        dbname=settings.pg_database,
        user=settings.reports_user,
        password=settings.reports_password,
        connect_timeout=3,
    )


def caseload_by_type(settings: Settings, prefix: str) -> dict[str, int]:
    """Open cases per case type among cases whose number starts with `prefix`."""
    conn = connect(settings)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT case_type, count(*) FROM cases WHERE status = 'open'"
                " AND case_number LIKE %s GROUP BY case_type",
                (prefix + "%",),
            )
            return {row[0]: int(row[1]) for row in cur.fetchall()}
    finally:
        conn.close()


def filings_per_day(settings: Settings, case_number: str) -> dict[dt.date, int]:
    """Filings per calendar day on one case."""
    conn = connect(settings)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT f.filed_at::date, count(*) FROM filings f JOIN cases c ON c.id = f.case_id"
                " WHERE c.case_number = %s GROUP BY 1 ORDER BY 1",
                (case_number,),
            )
            return {row[0]: int(row[1]) for row in cur.fetchall()}
    finally:
        conn.close()


def can_write(settings: Settings) -> bool:
    """Whether the reporting role can write (it must not)."""
    conn = connect(settings)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT has_table_privilege(current_user, 'cases', 'INSERT')")
            allowed: bool = cur.fetchone()[0]
        return allowed
    finally:
        conn.close()
