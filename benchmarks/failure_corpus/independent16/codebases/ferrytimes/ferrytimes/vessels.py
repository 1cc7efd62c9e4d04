"""Vessels and their dry-dock periods."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg

Conn = psycopg.Connection[tuple[Any, ...]]


def register(conn: Conn, name: str, imo: str, gross_tonnage: int, capacity: int) -> None:
    """Registers a vessel; ``imo`` may be written ``IMO 9000001``."""
    number = imo.upper().removeprefix("IMO").strip()
    conn.execute("INSERT INTO vessels VALUES (%s, %s, %s, %s)",
                 (name, number, gross_tonnage, capacity))


def largest(conn: Conn) -> str | None:
    """The vessel with the largest gross tonnage."""
    row = conn.execute("SELECT name FROM vessels ORDER BY gross_tonnage DESC, name LIMIT 1"
                       ).fetchone()
    return None if row is None else str(row[0])


def tonnage(conn: Conn) -> dict[str, int]:
    """Gross tonnage per vessel."""
    rows = conn.execute("SELECT name, gross_tonnage FROM vessels ORDER BY name").fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def schedule_drydock(conn: Conn, vessel: str, starts: dt.date, ends: dt.date, yard: str) -> None:
    """Books a vessel into a yard from ``starts`` to ``ends`` inclusive."""
    conn.execute("INSERT INTO drydock (vessel, starts, ends, yard) VALUES (%s, %s, %s, %s)",
                 (vessel, starts, ends, yard))


def available(conn: Conn, vessel: str, day: dt.date) -> bool:
    """Whether the vessel is out of dry dock on ``day``."""
    row = conn.execute("SELECT count(*) FROM drydock WHERE vessel = %s AND %s BETWEEN starts "
                       "AND ends", (vessel, day)).fetchone()
    assert row is not None
    return int(row[0]) == 0


def yards(conn: Conn, vessel: str) -> list[str]:
    """The yards a vessel is booked into, by start date."""
    rows = conn.execute("SELECT yard FROM drydock WHERE vessel = %s ORDER BY starts",
                        (vessel,)).fetchall()
    return [str(r[0]) for r in rows]
