"""Read-only reports, run as the reporting role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
from toolz import groupby

Conn = psycopg.Connection[tuple[Any, ...]]


def capacity_by_route(conn: Conn, day: dt.date) -> dict[str, int]:
    """Seats offered per route on ``day``, cancelled sailings excluded."""
    rows = conn.execute(
        "SELECT r.code, s.capacity FROM sailings s JOIN routes r ON r.id = s.route_id "
        "WHERE s.departs::date = %s AND s.status <> 'cancelled'", (day,)
    ).fetchall()
    return {code: sum(r[1] for r in group) for code, group in groupby(lambda r: r[0], rows).items()}


def cancellation_rate(conn: Conn, day: dt.date) -> float:
    """Share of the day's sailings that were cancelled."""
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE status = 'cancelled'), count(*) FROM sailings "
        "WHERE departs::date = %s", (day,)
    ).fetchone()
    assert row is not None
    return 0.0 if row[1] == 0 else row[0] / row[1]


def busiest_port(conn: Conn, day: dt.date) -> str | None:
    """The port with most departures on ``day``."""
    row = conn.execute(
        "SELECT r.origin, count(*) AS n FROM sailings s JOIN routes r ON r.id = s.route_id "
        "WHERE s.departs::date = %s GROUP BY r.origin ORDER BY n DESC, r.origin LIMIT 1", (day,)
    ).fetchone()
    return None if row is None else str(row[0])


def publications(conn: Conn) -> list[tuple[str, int]]:
    """Published feeds (name, number of sailings), oldest first."""
    rows = conn.execute("SELECT name, sailings FROM publications ORDER BY id").fetchall()
    return [(str(r[0]), int(r[1])) for r in rows]
