"""Ports, routes and sailings in PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
import pytest

from ferrytimes import timetable
from ferrytimes.errors import TimetableError

from .conftest import DAY

Conn = psycopg.Connection[tuple[Any, ...]]


def test_migrations_recorded(seeded: Conn) -> None:
    names = [r[0] for r in seeded.execute("SELECT name FROM schema_migrations ORDER BY name")]
    assert names == ["001_ports_routes.sql", "002_sailings.sql", "003_fares.sql",
                     "004_berths.sql", "005_publications.sql", "006_vessels.sql"]


def test_sailings_in_departure_order(seeded: Conn) -> None:
    hours = [s.departs.hour for s in timetable.sailings_on(seeded, DAY)]
    assert hours == [7, 10, 13, 17, 19]


def test_arrival_adds_crossing_time(seeded: Conn) -> None:
    first = timetable.sailings_on(seeded, DAY)[0]
    assert first.arrives == dt.datetime(2026, 6, 1, 9, 45)


def test_cancelled_hidden_by_default(seeded: Conn) -> None:
    sailing = timetable.sailings_on(seeded, DAY)[1]
    timetable.cancel_sailing(seeded, sailing.id, "crew shortage")
    assert len(timetable.sailings_on(seeded, DAY)) == 4
    assert len(timetable.sailings_on(seeded, DAY, include_cancelled=True)) == 5


def test_cancel_departed_refused(seeded: Conn) -> None:
    sailing = timetable.sailings_on(seeded, DAY)[0]
    seeded.execute("UPDATE sailings SET status = 'departed' WHERE id = %s", (sailing.id,))
    with pytest.raises(TimetableError, match="already departed"):
        timetable.cancel_sailing(seeded, sailing.id, "weather")


def test_unknown_route_refused(seeded: Conn) -> None:
    with pytest.raises(TimetableError, match="unknown route"):
        timetable.add_sailing(seeded, "ABC-DEF", dt.datetime(2026, 6, 1, 8), "MV X", 100)


def test_duplicate_departure_rejected(seeded: Conn) -> None:
    with pytest.raises(psycopg.errors.UniqueViolation):
        timetable.add_sailing(seeded, "ULL-STO", dt.datetime(2026, 6, 1, 7), "MV Spare", 300)


def test_route_between_same_port_refused(seeded: Conn) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        timetable.add_route(seeded, "OBA-OBA", "OBAN", "OBAN", 10)


def test_assign_berth_recorded(seeded: Conn) -> None:
    sailing = timetable.sailings_on(seeded, DAY)[2]
    timetable.assign_berth(seeded, sailing.id, "STO-2")
    assert timetable.berth_of(seeded, sailing.id) == "STO-2"


def test_fares_of_route(priced: Conn) -> None:
    assert timetable.fares_of(priced, "OBA-STO") == {
        "adult": 1050, "bicycle": 0, "car": 5400, "motorcycle": 2500, "van": 9800}


def test_set_fare_updates(priced: Conn) -> None:
    timetable.set_fare(priced, "ULL-STO", "adult", 1200)
    assert timetable.fares_of(priced, "ULL-STO")["adult"] == 1200


def test_record_publication(ledger: Conn) -> None:
    first = timetable.record_publication(ledger, "timetable-2026-06-01", "abc", 5)
    second = timetable.record_publication(ledger, "timetable-2026-06-02", "def", 4)
    assert second == first + 1
