"""SQLite connections and the schema's migrations."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

log = logging.getLogger("parcelhub.db")

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE carriers (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL
        );
        CREATE TABLE parcels (
            tracking_no TEXT PRIMARY KEY,
            carrier TEXT NOT NULL REFERENCES carriers(code),
            recipient TEXT NOT NULL,
            postcode TEXT NOT NULL,
            service TEXT NOT NULL,
            weight_g INTEGER NOT NULL CHECK (weight_g > 0),
            status TEXT NOT NULL DEFAULT 'registered'
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            tracking_no TEXT NOT NULL REFERENCES parcels(tracking_no),
            status TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            location TEXT
        );
        """,
    ),
    (2, "ALTER TABLE parcels ADD COLUMN signed_by TEXT;"),
    (3, "CREATE INDEX events_by_parcel ON events(tracking_no, occurred_at);"),
]

CARRIERS = [("NRD", "Nordpost"), ("SWX", "Swift Express"), ("KRL", "Karl Logistics")]


def connect(path: Path | str, timeout: float = 0.5) -> sqlite3.Connection:
    """Open a connection with foreign keys enforced and rows addressable by name."""
    conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the database."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int | None = None) -> int:
    """Apply the migrations above the recorded version, up to ``target``; return the version."""
    current = schema_version(conn)
    for version, script in MIGRATIONS:
        if version <= current or (target is not None and version > target):
            continue
        log.info("applying migration %d", version)
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")
        current = version
    return current


def seed_carriers(conn: sqlite3.Connection, carriers: list[tuple[str, str]] | None = None) -> None:
    """Insert the carriers the depot works with."""
    rows = CARRIERS if carriers is None else carriers
    conn.executemany("INSERT OR IGNORE INTO carriers(code, name) VALUES (?, ?)", rows)
