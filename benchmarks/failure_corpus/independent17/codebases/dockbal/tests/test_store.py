from __future__ import annotations

from sqlalchemy.orm import Session

from dockbal.store import (
    active_holds,
    hold_station,
    register_station,
    release_hold,
    station_by_code,
)


def test_register_station(session: Session) -> None:
    register_station(session, "CT-09", "Cathedral Square", 24)
    found = station_by_code(session, "CT-09")
    assert found is not None and found.bikes == 0


def test_register_harbour_station(session: Session) -> None:
    created = register_station(session, "HB-07", "Ferry Pier", 18)
    assert created.id is not None
    assert station_by_code(session, "HB-07") is created


def test_hold_station_for_maintenance(session: Session) -> None:
    target = register_station(session, "EA-11", "Gasworks", 16)
    hold_station(session, target, "dock 4 lock jammed")
    assert [h.reason for h in active_holds(session)] == ["dock 4 lock jammed"]


def test_release_maintenance_hold(session: Session) -> None:
    target = register_station(session, "EA-12", "Canal Bridge", 16)
    hold = hold_station(session, target, "repainting")
    release_hold(session, hold)
    assert active_holds(session) == []
