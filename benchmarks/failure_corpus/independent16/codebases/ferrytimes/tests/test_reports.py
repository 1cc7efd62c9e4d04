"""Reports run as the read-only reporting role."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from ferrytimes import reports, timetable

from .conftest import DAY

Conn = psycopg.Connection[tuple[Any, ...]]


def test_capacity_by_route(report: Conn) -> None:
    assert reports.capacity_by_route(report, DAY) == {"ULL-STO": 2100, "OBA-STO": 1360}


def test_cancellation_rate(seeded: Conn, report: Conn) -> None:
    seeded.execute("UPDATE sailings SET status = 'cancelled' WHERE id = %s",
                   (timetable.sailings_on(seeded, DAY)[0].id,))
    seeded.commit()
    assert reports.cancellation_rate(report, DAY) == pytest.approx(0.2)


def test_busiest_port(report: Conn) -> None:
    assert reports.busiest_port(report, DAY) == "ULLAPOOL"


def test_publications_listed(seeded: Conn, report: Conn) -> None:
    timetable.record_publication(seeded, "timetable-2026-06-01", "abc", 5)
    seeded.commit()
    assert reports.publications(report) == [("timetable-2026-06-01", 5)]


def test_report_role_read_only(report: Conn) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        report.execute("DELETE FROM sailings")
