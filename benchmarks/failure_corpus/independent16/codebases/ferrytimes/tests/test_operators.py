"""Schedules imported from operators."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
import pytest

from ferrytimes import operators, timetable
from ferrytimes.errors import ContractError, PartnerUnavailable
from ferrytimes.settings import Settings

GOOD = {"route": "ULL-STO", "departs": "2026-06-01T07:00:00", "arrives": "2026-06-01T09:45:00",
        "vessel": "MV Loch Seaforth", "capacity": 700}


def test_schedule_northlink(settings: Settings) -> None:
    sailings = operators.fetch_schedule(settings, "northlink")
    assert all(s["route"].startswith("NOR-") for s in sailings)


def test_schedule_calmac(settings: Settings) -> None:
    sailings = operators.fetch_schedule(settings, "calmac")
    assert all(s["arrives"] > s["departs"] for s in sailings)


def test_schedule_pentland(settings: Settings) -> None:
    assert len(operators.fetch_schedule(settings, "pentland")) >= 3


def test_schedule_orkney(settings: Settings) -> None:
    sailings = operators.fetch_schedule(settings, "orkney")
    assert {s["status"] for s in sailings} == {"scheduled"}


def test_validate_missing_field() -> None:
    with pytest.raises(ContractError, match="'vessel'"):
        operators.validate({k: v for k, v in GOOD.items() if k != "vessel"})


def test_validate_bad_status() -> None:
    with pytest.raises(ContractError, match="status"):
        operators.validate({**GOOD, "status": "delayed"})


def test_validate_arrives_before() -> None:
    with pytest.raises(ContractError, match="arrives before"):
        operators.validate({**GOOD, "arrives": "2026-06-01T06:00:00"})


def test_unknown_operator_refused(settings: Settings) -> None:
    with pytest.raises(PartnerUnavailable, match="no address"):
        operators.fetch_schedule(settings, "nowhere")


def test_schedule_import_to_db(settings: Settings,
                               conn: psycopg.Connection[tuple[Any, ...]]) -> None:
    timetable.add_port(conn, "WEMYSS", "Wemyss Bay", "CLYDE")
    timetable.add_port(conn, "ROTHESAY", "Rothesay", "CLYDE")
    for suffix in ("0", "1"):
        timetable.add_route(conn, f"WES-{suffix}", "WEMYSS", "ROTHESAY", 90)
    for sailing in operators.fetch_schedule(settings, "western"):
        timetable.add_sailing(conn, sailing["route"], sailing["departs"], sailing["vessel"],
                              sailing["capacity"])
    day = timetable.sailings_on(conn, dt.date(2026, 6, 1))
    assert len(day) >= 3
