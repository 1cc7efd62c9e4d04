"""The daily circulation report."""

from __future__ import annotations

import sqlite3
from datetime import date

from loankiosk import db


def batches(barcodes: list[str], size: int) -> list[list[str]]:
    """Split the day's barcodes into pages of ``size``."""
    return [barcodes[start : start + size] for start in range(0, len(barcodes), size)]


def record_run(day: date) -> int:
    """Count the day's loans in the live database and record the report run."""
    conn: sqlite3.Connection = db.connect()
    try:
        loans = conn.execute("SELECT COUNT(*) FROM loans").fetchone()[0]
        with conn:
            conn.execute(
                "INSERT INTO report_runs (day, loans) VALUES (?, ?)", (day.isoformat(), loans)
            )
        return int(loans)
    finally:
        conn.close()
