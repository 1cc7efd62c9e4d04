"""The orders database: an SQLite file on the service's data volume."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from boxoffice.errors import DatabaseUnavailable

MIGRATIONS = Path(__file__).parent / "migrations"


def connect() -> sqlite3.Connection:
    """Open the existing database named by BOXOFFICE_DB (never creates it)."""
    path = os.environ["BOXOFFICE_DB"]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=0.5)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        raise DatabaseUnavailable(f"cannot use the orders database {path}") from exc
    conn.row_factory = sqlite3.Row
    return conn


def migrate(path: str, upto: int) -> list[str]:
    """Apply the numbered migrations up to `upto` to a new database file."""
    applied = []
    with sqlite3.connect(path) as conn:
        for script in sorted(MIGRATIONS.glob("*.sql")):
            if int(script.name[:3]) <= upto:
                conn.executescript(script.read_text())
                applied.append(script.name)
    return applied
