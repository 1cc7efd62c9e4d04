"""Appeals against claim decisions."""

from __future__ import annotations

import logging
import sqlite3

log = logging.getLogger("claims.appeals")
REASONS = {"amount": 1, "coverage": 2, "delay": 3, "fraud-flag": 4, "other": 9}


def file_appeal(conn: sqlite3.Connection, claim_number: str, reason: str, note: str) -> int:
    """Record an appeal and return its id."""
    claim = conn.execute("SELECT id FROM claims WHERE number = ?", (claim_number,)).fetchone()
    if claim is None:
        raise LookupError(f"no claim {claim_number}")
    code = REASONS[reason]
    with conn:
        cur = conn.execute("INSERT INTO appeals (claim_id, reason_code, note) VALUES (?, ?, ?)",
                           (claim["id"], code, note))
    log.info("appeal %s filed for %s", cur.lastrowid, claim_number)
    return int(cur.lastrowid or 0)


def open_appeals(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """(claim number, reason code) of every appeal."""
    rows = conn.execute(
        "SELECT c.number, a.reason_code FROM appeals a"
        " JOIN claims c ON c.id = a.claim_id ORDER BY a.id"
    ).fetchall()
    return [(r[0], r[1]) for r in rows]
