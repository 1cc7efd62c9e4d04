"""Audit trail kept in its own SQLite database shared by all service instances."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

log = logging.getLogger("claims.audit")
SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    claim_number TEXT NOT NULL
)
"""


class AuditLog:
    """Appends and reads audit events."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, timeout=0.3)
        self.conn.execute(SCHEMA)
        self.conn.commit()

    def record(self, actor: str, action: str, claim_number: str) -> None:
        """Append one event."""
        with self.conn:
            self.conn.execute(
                "INSERT INTO audit_events (at, actor, action, claim_number) VALUES (?, ?, ?, ?)",
                (time.time(), actor, action, claim_number),
            )
        log.debug("audit %s %s %s", actor, action, claim_number)

    def trail(self, claim_number: str) -> list[tuple[str, str]]:
        """The (actor, action) events of a claim, oldest first."""
        rows = self.conn.execute(
            "SELECT actor, action FROM audit_events WHERE claim_number = ? ORDER BY id",
            (claim_number,),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
