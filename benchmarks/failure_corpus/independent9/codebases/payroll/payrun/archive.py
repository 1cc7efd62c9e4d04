"""Moves closed periods out of the payroll database into the archive database."""

from __future__ import annotations

import logging

import psycopg

from payrun.errors import ArchiveError
from payrun.store import Store

log = logging.getLogger(__name__)


def archive_period(store: Store, archive_dsn: str, period: str) -> int:
    """Copy a period's payslips to the archive; returns how many were copied."""
    slips = store.payslips(period)
    try:
        conn = psycopg.connect(archive_dsn, connect_timeout=3)
    except psycopg.OperationalError as exc:
        raise ArchiveError(f"archive database unavailable for {period}") from exc
    with conn:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO archived_payslips (period, employee_code, gross, net)"
                " VALUES (%s, %s, %s, %s)",
                [(period, code, gross, net) for code, gross, net in slips],
            )
        conn.commit()
    log.info("archived %d payslips of %s", len(slips), period)
    return len(slips)


def archived(archive_dsn: str, period: str) -> list[str]:
    """Employee codes archived for a period."""
    with psycopg.connect(archive_dsn, connect_timeout=3) as conn:
        rows = conn.execute(
            "SELECT employee_code FROM archived_payslips WHERE period = %s ORDER BY 1",
            (period,),
        ).fetchall()
    return [row[0] for row in rows]


def purge(archive_dsn: str) -> None:
    """Empty the archive (used when a test environment is reset)."""
    with psycopg.connect(archive_dsn, connect_timeout=3) as conn:
        conn.execute("DELETE FROM archived_payslips")
