"""The SQLite outbox of messages waiting for delivery."""

from __future__ import annotations

import sqlite3
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    sent INTEGER NOT NULL DEFAULT 0
)
"""


class Outbox:
    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, timeout=0.5)
        self.conn.executescript(SCHEMA)

    def enqueue(self, recipient: str, subject: str) -> int:
        with self.conn:
            cur = self.conn.execute("INSERT INTO outbox (recipient, subject, attempts) VALUES (?, ?, 0)",
                                    (recipient, subject))
        return int(cur.lastrowid or 0)

    def enqueue_many(self, messages: list[dict[str, Any]]) -> int:
        with self.conn:
            self.conn.executemany("INSERT INTO outbox (recipient, subject) VALUES (?, ?)",
                                  [(m.get("recipient"), m["subject"]) for m in messages])
        return len(messages)

    def record_attempt(self, msg_id: int) -> int:
        with self.conn:
            self.conn.execute("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", (msg_id,))
        return int(self.conn.execute("SELECT attempts FROM outbox WHERE id = ?", (msg_id,)).fetchone()[0])

    def pending(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT recipient FROM outbox WHERE sent = 0 ORDER BY id")]
