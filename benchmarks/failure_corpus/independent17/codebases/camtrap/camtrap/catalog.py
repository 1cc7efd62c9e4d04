"""The capture catalogue in SQLite (WAL), with a trigger that keeps species counts."""

from __future__ import annotations

import sqlite3

SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS sites (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, habitat TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cameras (
    id INTEGER PRIMARY KEY, site_id INTEGER NOT NULL REFERENCES sites (id),
    serial TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS captures (
    id INTEGER PRIMARY KEY, camera_id INTEGER NOT NULL REFERENCES cameras (id),
    taken_at TEXT NOT NULL, species TEXT NOT NULL,
    confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1), file TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS species_counts (species TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS count_capture AFTER INSERT ON captures BEGIN
    INSERT INTO species_counts (species, n) VALUES (NEW.species, 1)
    ON CONFLICT (species) DO UPDATE SET n = n + 1;
END;
"""

REFERENCE = """
INSERT INTO sites (id, code, habitat) VALUES (1, 'RIDGE-1', 'heath'), (2, 'RIDGE-2', 'heath'),
    (3, 'VALLEY-3', 'woodland');
INSERT INTO cameras (id, site_id, serial) VALUES (1, 1, 'BSH-1001'), (2, 3, 'BSH-1002');
"""


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=0.5)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def migrate(path: str) -> None:
    conn = connect(path)
    conn.executescript(SCHEMA)
    conn.executescript(REFERENCE)
    conn.commit()
    conn.close()


def register_site(conn: sqlite3.Connection, code: str, habitat: str) -> int:
    cursor = conn.execute("INSERT INTO sites (code, habitat) VALUES (?, ?)", (code, habitat))
    return int(cursor.lastrowid or 0)


def add_camera(conn: sqlite3.Connection, site_id: int, serial: str) -> int:
    cursor = conn.execute("INSERT INTO cameras (site_id, serial) VALUES (?, ?)", (site_id, serial))
    return int(cursor.lastrowid or 0)


def record_capture(conn: sqlite3.Connection, camera_id: int, taken_at: str, species: str,
                   confidence: float, file: str) -> int:
    cursor = conn.execute(
        "INSERT INTO captures (camera_id, taken_at, species, confidence, file) "
        "VALUES (?, ?, ?, ?, ?)", (camera_id, taken_at, species, confidence, file))
    return int(cursor.lastrowid or 0)


def species_count(conn: sqlite3.Connection, species: str) -> int:
    row = conn.execute("SELECT n FROM species_counts WHERE species = ?", (species,)).fetchone()
    return int(row[0]) if row else 0
