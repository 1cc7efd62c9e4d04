"""Deployment journal: when each camera was put out or brought in, in its own SQLite file."""

from __future__ import annotations

import sqlite3


def open_journal(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=0.5)
    conn.execute("CREATE TABLE IF NOT EXISTS deployments (camera TEXT NOT NULL, "
                 "site TEXT NOT NULL, action TEXT NOT NULL, at TEXT NOT NULL)")
    return conn


def record_deployment(path: str, camera: str, site: str, action: str, at: str) -> None:
    conn = open_journal(path)
    try:
        with conn:
            conn.execute("INSERT INTO deployments VALUES (?, ?, ?, ?)", (camera, site, action, at))
    finally:
        conn.close()


def history(path: str, camera: str) -> list[tuple[str, str]]:
    conn = open_journal(path)
    try:
        rows = conn.execute("SELECT action, site FROM deployments WHERE camera = ? ORDER BY at",
                            (camera,)).fetchall()
    finally:
        conn.close()
    return [(r[0], r[1]) for r in rows]
