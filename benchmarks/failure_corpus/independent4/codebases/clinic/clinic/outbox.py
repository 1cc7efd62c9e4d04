"""The reminder outbox: a local SQLite file, drained by worker threads."""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from clinic.errors import StoreUnavailable

BUSY_TIMEOUT = 0.4
STOP = None


class Outbox:
    def __init__(self, path: Path) -> None:
        try:
            self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None,
                                        check_same_thread=False)
            self.conn.execute("CREATE TABLE IF NOT EXISTS reminders (id INTEGER PRIMARY KEY, "
                              "phone TEXT NOT NULL, text TEXT NOT NULL, "
                              "state TEXT NOT NULL DEFAULT 'pending')")
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"reminder outbox {path} cannot be used: {exc}") from exc
        self.lock = threading.Lock()

    def _run(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        try:
            with self.lock:
                return self.conn.execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"reminder outbox failed: {exc}") from exc

    def enqueue(self, phone: str, text: str) -> None:
        self._run("INSERT INTO reminders (phone, text) VALUES (?, ?)", (phone, text))

    def pending(self) -> list[tuple[int, str, str]]:
        rows = self._run("SELECT id, phone, text FROM reminders WHERE state = 'pending' "
                         "ORDER BY id")
        return [(int(str(r[0])), str(r[1]), str(r[2])) for r in rows]

    def mark_sent(self, reminder_id: int) -> None:
        self._run("UPDATE reminders SET state = 'sent' WHERE id = ?", (reminder_id,))

    def clear(self) -> None:
        self._run("DELETE FROM reminders")

    def close(self) -> None:
        self.conn.close()


def dispatch(outbox: Outbox, send: Callable[[str, str], object], workers: int = 2) -> int:
    """Send every pending reminder with ``workers`` threads; returns how many were sent."""
    jobs: queue.Queue[tuple[int, str, str] | None] = queue.Queue(maxsize=4)
    sent: list[int] = []

    def work() -> None:
        while (job := jobs.get()) is not STOP:
            send(job[1], job[2])
            outbox.mark_sent(job[0])
            sent.append(job[0])

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for job in outbox.pending():
        jobs.put(job)
    for _ in threads:
        jobs.put(STOP)
    for thread in threads:
        thread.join()
    return len(sent)
