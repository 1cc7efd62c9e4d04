"""SQLite storage of the kiosk (stdlib sqlite3)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS patrons (
    card TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    branch TEXT NOT NULL DEFAULT 'main'
);
CREATE TABLE IF NOT EXISTS items (
    barcode TEXT PRIMARY KEY,
    isbn TEXT NOT NULL,
    title TEXT NOT NULL,
    shelf TEXT
);
CREATE TABLE IF NOT EXISTS loans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card TEXT NOT NULL REFERENCES patrons(card),
    barcode TEXT NOT NULL REFERENCES items(barcode),
    due TEXT NOT NULL,
    returned TEXT,
    renewals INTEGER NOT NULL DEFAULT 0,
    fine_cents INTEGER NOT NULL DEFAULT 0 CHECK (fine_cents >= 0)
);
CREATE UNIQUE INDEX IF NOT EXISTS one_open_loan ON loans(barcode) WHERE returned IS NULL;
CREATE TABLE IF NOT EXISTS holds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card TEXT NOT NULL,
    isbn TEXT NOT NULL,
    placed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS branch_rules (
    branch TEXT PRIMARY KEY,
    fine_per_day_cents INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS report_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    day TEXT NOT NULL,
    loans INTEGER NOT NULL
);
"""

SEED = """
INSERT INTO patrons VALUES ('c-1001', 'Ada Moss', 'ada@example.org', 'main');
INSERT INTO patrons VALUES ('c-1002', 'Bo Lind', 'bo@example.org', 'east');
INSERT INTO items VALUES ('B-0001', '9780140449136', 'The Odyssey', 'FIC HOM');
INSERT INTO items VALUES ('B-0007', '9780141439518', 'Pride and Prejudice', 'FIC AUS');
INSERT INTO items VALUES ('B-0009', '9780262033848', 'Introduction to Algorithms', '005.1 COR');
INSERT INTO items VALUES ('B-0011', '9780199535569', 'Persuasion', 'FIC AUS');
INSERT INTO items VALUES ('B-0015', '9780486280615', 'Walden', '818 THO');
INSERT INTO branch_rules VALUES ('main', 20);
INSERT INTO branch_rules VALUES ('east', 25);
"""


def database_path() -> Path:
    """The live kiosk database named by ``KIOSK_DB``."""
    return Path(os.environ.get("KIOSK_DB", "kiosk.sqlite3"))


def connect(path: Path | str | None = None) -> sqlite3.Connection:
    """Open the database with foreign keys on and rows addressable by name."""
    timeout = float(os.environ.get("KIOSK_DB_TIMEOUT", "5"))
    conn = sqlite3.connect(str(path or database_path()), timeout=timeout)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def migrate(path: Path) -> None:
    """Create the schema and the branch's starting data."""
    conn = connect(path)
    with conn:
        conn.executescript(SCHEMA)
        if conn.execute("SELECT COUNT(*) FROM patrons").fetchone()[0] == 0:
            conn.executescript(SEED)
    conn.close()


if __name__ == "__main__":
    migrate(database_path())
