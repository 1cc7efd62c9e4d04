"""Rooms, attendant assignments and linen stock in SQLite, kept consistent by triggers."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE rooms (number INTEGER PRIMARY KEY, floor INTEGER NOT NULL,
                    status TEXT NOT NULL DEFAULT 'dirty');
CREATE TABLE attendant_load (attendant TEXT NOT NULL, shift_date TEXT NOT NULL,
                             credits INTEGER NOT NULL DEFAULT 0,
                             PRIMARY KEY (attendant, shift_date));
CREATE TABLE assignments (room INTEGER NOT NULL REFERENCES rooms (number),
                          attendant TEXT NOT NULL, shift_date TEXT NOT NULL,
                          credits INTEGER NOT NULL);
CREATE TRIGGER assignment_load AFTER INSERT ON assignments BEGIN
    INSERT INTO attendant_load (attendant, shift_date, credits)
    VALUES (NEW.attendant, NEW.shift_date, NEW.credits)
    ON CONFLICT (attendant, shift_date) DO UPDATE SET credits = credits + NEW.credits;
END;
CREATE TABLE linen_stock (floor INTEGER PRIMARY KEY,
                          towels INTEGER NOT NULL CHECK (towels >= 0),
                          sheets INTEGER NOT NULL CHECK (sheets >= 0));
"""


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=1.0)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def migrate(path: str) -> None:
    conn = connect(path)
    conn.executescript(SCHEMA)
    conn.executemany("INSERT INTO rooms (number, floor) VALUES (?, ?)",
                     [(floor * 100 + n, floor) for floor in (1, 2, 3) for n in range(1, 13)])
    conn.executemany("INSERT INTO linen_stock VALUES (?, ?, ?)",
                     [(1, 60, 40), (2, 60, 40), (3, 48, 30)])
    conn.commit()
    conn.close()


def assign(conn: sqlite3.Connection, room: int, attendant: str, shift_date: str,
           credits: int) -> None:
    conn.execute("INSERT INTO assignments VALUES (?, ?, ?, ?)",
                 (room, attendant, shift_date, credits))


def load_of(conn: sqlite3.Connection, attendant: str, shift_date: str) -> int:
    row = conn.execute("SELECT credits FROM attendant_load WHERE attendant = ? AND shift_date = ?",
                       (attendant, shift_date)).fetchone()
    return int(row[0]) if row else 0


def take_linen(conn: sqlite3.Connection, floor: int, rooms: int) -> tuple[int, int]:
    """Book out four towels and two sheets per room; returns what is left on the floor."""
    conn.execute("UPDATE linen_stock SET towels = towels - ?, sheets = sheets - ? "
                 "WHERE floor = ?", (4 * rooms, 2 * rooms, floor))
    row = conn.execute("SELECT towels, sheets FROM linen_stock WHERE floor = ?",
                       (floor,)).fetchone()
    return int(row[0]), int(row[1])
