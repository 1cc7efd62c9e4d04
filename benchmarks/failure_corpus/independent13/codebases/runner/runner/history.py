"""Run history in SQLite."""

from __future__ import annotations

import sqlite3

DDL = "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, step TEXT NOT NULL, rc INTEGER, duration REAL)"


def record(path: str, step: str, rc: int, duration: float) -> int:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(DDL)
        cur = conn.execute("INSERT INTO runs (step, rc, duration) VALUES (?, ?, ?)", (step, rc, duration))
    conn.close()
    return int(cur.lastrowid or 0)


def slowest(path: str) -> str:
    conn = sqlite3.connect(path)
    row = conn.execute("SELECT step FROM runs ORDER BY duration DESC LIMIT 1").fetchone()
    conn.close()
    return str(row[0])
