"""Berth slots from the port authority."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
import pytest

from ferrytimes import berths, timetable
from ferrytimes.errors import TimetableError
from ferrytimes.settings import Settings

from .conftest import DAY


def test_free_berths_kirkwall(settings: Settings) -> None:
    found = berths.free_berths(settings, "KIRKWALL", DAY)
    assert found and all(b["id"].startswith("KIR-") for b in found)


def test_free_berths_lerwick(settings: Settings) -> None:
    found = berths.free_berths(settings, "LERWICK", DAY)
    assert [b["free_to"] for b in found] == ["22:30"] * len(found)


def test_free_berths_aberdeen(settings: Settings) -> None:
    assert len(berths.free_berths(settings, "ABERDEEN", DAY)) >= 2


def test_pick_berth_by_arrival() -> None:
    slots = [{"id": "A", "free_from": "05:00", "free_to": "06:00"},
             {"id": "B", "free_from": "06:00", "free_to": "22:30"}]
    assert berths.pick_berth(slots, dt.time(9, 45)) == "B"


def test_pick_berth_none_free() -> None:
    with pytest.raises(TimetableError, match="no berth free"):
        berths.pick_berth([{"id": "A", "free_from": "05:00", "free_to": "06:00"}],
                          dt.time(23, 0))


def test_book_berth_reference(settings: Settings) -> None:
    ref = berths.book_berth(settings, "STROMNESS", 41, "STR-1", dt.datetime(2026, 6, 1, 9))
    assert ref.startswith("BK-")


def test_book_berth_scrabster(settings: Settings) -> None:
    first = berths.book_berth(settings, "SCRABSTR", 7, "SCR-2", dt.datetime(2026, 6, 1, 11))
    again = berths.book_berth(settings, "SCRABSTR", 7, "SCR-2", dt.datetime(2026, 6, 1, 11))
    assert first == again


def test_berth_booking_recorded(settings: Settings,
                                seeded: psycopg.Connection[tuple[Any, ...]]) -> None:
    sailing = timetable.sailings_on(seeded, DAY)[0]
    free = berths.free_berths(settings, "STORNOWY", DAY)
    berth = berths.pick_berth(free, sailing.arrives.time())
    berths.book_berth(settings, "STORNOWY", sailing.id, berth, sailing.arrives)
    timetable.assign_berth(seeded, sailing.id, berth)
    assert timetable.berth_of(seeded, sailing.id) == berth
