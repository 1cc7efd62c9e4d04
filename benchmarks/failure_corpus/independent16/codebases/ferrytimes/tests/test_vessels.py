"""Vessels and dry dock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
import pytest

from ferrytimes import vessels

Conn = psycopg.Connection[tuple[Any, ...]]


@pytest.fixture
def fleet(conn: Conn) -> Conn:
    conn.execute("INSERT INTO vessels VALUES ('MV Loch Seaforth', '9665437', 8680, 700), "
                 "('MV Isle of Lewis', '9085974', 6753, 680), "
                 "('MV Hjaltland', '9244958', 11720, 600)")
    conn.commit()
    return conn


def test_register_vessel(conn: Conn) -> None:
    vessels.register(conn, "MV Hamnavoe", "IMO 9246061", 8780, 600)
    assert conn.execute("SELECT name, imo FROM vessels").fetchall() == [
        ("MV Hamnavoe", "9246061")]


def test_imo_unique(conn: Conn) -> None:
    vessels.register(conn, "MV Hamnavoe", "IMO 9246061", 8780, 600)
    with pytest.raises(psycopg.errors.UniqueViolation):
        vessels.register(conn, "MV Hamnavoe II", "imo 9246061", 8780, 600)


def test_largest_by_tonnage(fleet: Conn) -> None:
    assert vessels.largest(fleet) == "MV Hjaltland"


def test_tonnage_listed(fleet: Conn) -> None:
    assert sorted(vessels.tonnage(fleet).values()) == [6753, 8680, 11720]


def test_drydock_blocks_availability(fleet: Conn) -> None:
    vessels.schedule_drydock(fleet, "MV Isle of Lewis", dt.date(2026, 1, 5), dt.date(2026, 2, 1),
                             "Birkenhead")
    assert not vessels.available(fleet, "MV Isle of Lewis", dt.date(2026, 1, 20))
    assert vessels.available(fleet, "MV Isle of Lewis", dt.date(2026, 2, 2))


def test_drydock_yards_in_order(fleet: Conn) -> None:
    vessels.schedule_drydock(fleet, "MV Hjaltland", dt.date(2026, 3, 1), dt.date(2026, 3, 9),
                             "Aberdeen")
    vessels.schedule_drydock(fleet, "MV Hjaltland", dt.date(2026, 1, 1), dt.date(2026, 1, 9),
                             "Leith")
    assert vessels.yards(fleet, "MV Hjaltland") == ["Leith", "Aberdeen"]


def test_drydock_unknown_vessel_refused(fleet: Conn) -> None:
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        vessels.schedule_drydock(fleet, "MV Nowhere", dt.date(2026, 1, 1), dt.date(2026, 1, 2),
                                 "Leith")
