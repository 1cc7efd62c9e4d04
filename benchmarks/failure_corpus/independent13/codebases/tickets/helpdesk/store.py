"""Local SQLite cache and archive of desk tickets."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from helpdesk.models import Ticket

SCHEMA = (Path(__file__).parent / "schema.sql").read_text(encoding="utf-8")


class TicketStore:
    """Tickets mirrored from the desk."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, timeout=0.5)
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def upsert(self, ticket: Ticket) -> int:
        with self.conn:
            self.conn.execute(
                "INSERT INTO tickets (external_id, title, status, priority, assignee) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(external_id) DO UPDATE SET "
                "title = excluded.title, status = excluded.status, priority = excluded.priority, "
                "assignee = excluded.assignee",
                (ticket.id, ticket.title, ticket.status, ticket.priority, ticket.assignee),
            )
        row = self.conn.execute("SELECT id FROM tickets WHERE external_id = ?", (ticket.id,)).fetchone()
        return int(row[0])

    def add_comment(self, external_id: int, body: str) -> int:
        row = self.conn.execute("SELECT id FROM tickets WHERE external_id = ?", (external_id,)).fetchone()
        local_id = row[0]
        with self.conn:
            cur = self.conn.execute("INSERT INTO comments (ticket_id, body) VALUES (?, ?)", (local_id, body))
        return int(cur.lastrowid or 0)

    def counts(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT status, COUNT(*) FROM tickets GROUP BY status").fetchall()
        return {status: int(n) for status, n in rows}

    def open_for(self, assignee: str) -> list[int]:
        rows = self.conn.execute(
            "SELECT external_id FROM tickets WHERE assignee = ? AND status = 'open' ORDER BY external_id",
            (assignee,)).fetchall()
        return [int(r[0]) for r in rows]


class Archive:
    """Closed tickets kept for audits."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, timeout=0.5)
        self.conn.executescript(SCHEMA)

    def archive(self, ticket: Ticket, closed_at: datetime, breached: bool) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO archived (ticket_id, title, closed_at, sla_breached) VALUES (?, ?, ?, ?)",
                (ticket.id, ticket.title, closed_at.isoformat(), int(breached)))

    def breaches(self) -> list[int]:
        rows = self.conn.execute("SELECT ticket_id FROM archived WHERE sla_breached = 1 ORDER BY ticket_id")
        return [int(r[0]) for r in rows.fetchall()]
