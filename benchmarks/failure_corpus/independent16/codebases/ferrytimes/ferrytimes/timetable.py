"""Ports, routes and sailings kept in PostgreSQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import psycopg

from ferrytimes.errors import TimetableError

Conn = psycopg.Connection[tuple[Any, ...]]


@dataclass(frozen=True)
class Sailing:
    """One departure of a route."""

    id: int
    route: str
    departs: dt.datetime
    arrives: dt.datetime
    vessel: str
    capacity: int
    status: str


def add_port(conn: Conn, code: str, name: str, sea_area: str) -> None:
    """Registers a port."""
    conn.execute("INSERT INTO ports (code, name, sea_area) VALUES (%s, %s, %s)",
                 (code, name, sea_area))


def add_route(conn: Conn, code: str, origin: str, destination: str, minutes: int) -> int:
    """Registers a route between two ports; returns its id."""
    row = conn.execute(
        "INSERT INTO routes (code, origin, destination, crossing_minutes) "
        "VALUES (%s, %s, %s, %s) RETURNING id", (code, origin, destination, minutes)
    ).fetchone()
    assert row is not None
    return int(row[0])


def route_id(conn: Conn, code: str) -> int:
    """The id of a route code."""
    row = conn.execute("SELECT id FROM routes WHERE code = %s", (code,)).fetchone()
    if row is None:
        raise TimetableError(f"unknown route {code}")
    return int(row[0])


def add_sailing(conn: Conn, route: str, departs: dt.datetime, vessel: str,
                capacity: int) -> int:
    """Schedules a departure of a route; returns the sailing id."""
    row = conn.execute(
        "INSERT INTO sailings (route_id, departs, vessel, capacity) "
        "VALUES (%s, %s, %s, %s) RETURNING id",
        (route_id(conn, route), departs, vessel, capacity),
    ).fetchone()
    assert row is not None
    return int(row[0])


def sailings_on(conn: Conn, day: dt.date, include_cancelled: bool = False) -> list[Sailing]:
    """The sailings departing on ``day``, in departure order."""
    rows = conn.execute(
        "SELECT s.id, r.code, s.departs, r.crossing_minutes, s.vessel, s.capacity, s.status "
        "FROM sailings s JOIN routes r ON r.id = s.route_id "
        "WHERE s.departs >= %s AND s.departs < %s ORDER BY s.departs, r.code",
        (day, day + dt.timedelta(days=1)),
    ).fetchall()
    sailings = [
        Sailing(id=r[0], route=r[1], departs=r[2], arrives=r[2] + dt.timedelta(minutes=r[3]),
                vessel=r[4], capacity=r[5], status=r[6])
        for r in rows
    ]
    if include_cancelled:
        return sailings
    return [s for s in sailings if s.status != "cancelled"]


def cancel_sailing(conn: Conn, sailing_id: int, reason: str) -> None:
    """Cancels a scheduled sailing; departed sailings cannot be cancelled."""
    row = conn.execute("SELECT status FROM sailings WHERE id = %s FOR UPDATE",
                       (sailing_id,)).fetchone()
    if row is None:
        raise TimetableError(f"no sailing {sailing_id}")
    if row[0] == "departed":
        raise TimetableError(f"sailing {sailing_id} already departed, cannot cancel: {reason}")
    conn.execute("UPDATE sailings SET status = 'cancelled' WHERE id = %s", (sailing_id,))


def assign_berth(conn: Conn, sailing_id: int, berth: str) -> None:
    """Records the berth booked for a sailing."""
    conn.execute("UPDATE sailings SET berth = %s WHERE id = %s", (berth, sailing_id))


def berth_of(conn: Conn, sailing_id: int) -> str | None:
    """The berth booked for a sailing, if any."""
    row = conn.execute("SELECT berth FROM sailings WHERE id = %s", (sailing_id,)).fetchone()
    if row is None:
        raise TimetableError(f"no sailing {sailing_id}")
    return None if row[0] is None else str(row[0])


def set_fare(conn: Conn, route: str, category: str, pence: int) -> None:
    """Sets the fare of a passenger or vehicle category on a route."""
    conn.execute(
        "INSERT INTO fares (route_id, category, pence) VALUES (%s, %s, %s) "
        "ON CONFLICT (route_id, category) DO UPDATE SET pence = EXCLUDED.pence",
        (route_id(conn, route), category, pence),
    )


def fares_of(conn: Conn, route: str) -> dict[str, int]:
    """The fares of a route by category."""
    rows = conn.execute(
        "SELECT category, pence FROM fares WHERE route_id = %s ORDER BY category",
        (route_id(conn, route),),
    ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def record_publication(conn: Conn, name: str, checksum: str, sailings: int) -> int:
    """Records a published feed; returns its id."""
    row = conn.execute(
        "INSERT INTO publications (name, checksum, sailings) VALUES (%s, %s, %s) RETURNING id",
        (name, checksum, sailings),
    ).fetchone()
    assert row is not None
    return int(row[0])
