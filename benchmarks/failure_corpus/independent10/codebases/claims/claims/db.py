"""The claims database: SQLite with numbered SQL migrations."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

log = logging.getLogger("claims.db")
MIGRATIONS = Path(__file__).with_name("migrations")


def connect(path: Path) -> sqlite3.Connection:
    """Open the claims database with foreign keys enforced."""
    conn = sqlite3.connect(path, timeout=0.5)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def migrate(conn: sqlite3.Connection, upto: int = 99) -> list[int]:
    """Apply the migrations numbered up to ``upto`` that are not applied yet."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    applied: list[int] = []
    for script in sorted(MIGRATIONS.glob("*.sql")):
        number = int(script.name.split("_", 1)[0])
        if number <= current or number > upto:
            continue
        log.info("applying migration %s", script.name)
        conn.executescript(script.read_text())
        conn.execute(f"PRAGMA user_version = {number}")
        applied.append(number)
    conn.commit()
    return applied
