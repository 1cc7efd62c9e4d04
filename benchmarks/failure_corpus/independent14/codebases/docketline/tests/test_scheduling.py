import datetime as dt
import json
from pathlib import Path

import pytest

from docketline import scheduling
from docketline.errors import SchedulingConflict
from tests.helpers import at, period

DATA = json.loads((Path(__file__).parent / "data" / "holidays.json").read_text())
HOLIDAYS = [dt.date.fromisoformat(d) for d in DATA["holidays"]]


@pytest.mark.parametrize(("given", "expected"), DATA["cases"])
def test_next_court_day(given: str, expected: str) -> None:
    got = scheduling.next_court_day(dt.date.fromisoformat(given), HOLIDAYS)
    assert got == dt.date.fromisoformat(expected)


def test_first_slot_of_an_empty_day() -> None:
    assert scheduling.find_slot(dt.date(2026, 3, 2), 30) == at("2026-03-02", "09:00")


def test_slot_after_a_busy_morning() -> None:
    busy = [period("2026-03-02", "09:00", 90)]
    assert scheduling.find_slot(dt.date(2026, 3, 2), 60, busy) == at("2026-03-02", "10:30")


def test_slot_skips_lunch() -> None:
    busy = [period("2026-03-02", "09:00", 180)]
    assert scheduling.find_slot(dt.date(2026, 3, 2), 60, busy) == at("2026-03-02", "13:30")


def test_last_slot_of_the_day_ends_at_closing() -> None:
    busy = [period("2026-03-02", "09:00", 210), period("2026-03-02", "13:30", 180)]
    assert scheduling.find_slot(dt.date(2026, 3, 2), 30) == at("2026-03-02", "09:00")
    assert scheduling.find_slot(dt.date(2026, 3, 2), 30, busy) == at("2026-03-02", "16:30")


def test_full_day_moves_to_next_court_day() -> None:
    busy = [period("2026-03-06", "09:00", 480)]
    got = scheduling.find_slot(dt.date(2026, 3, 6), 60, busy)
    assert got == at("2026-03-09", "09:00")


def test_holiday_is_skipped() -> None:
    got = scheduling.find_slot(dt.date(2026, 5, 25), 45, holidays=HOLIDAYS)
    assert got == at("2026-05-26", "09:00")


def test_too_long_a_hearing_has_no_slot() -> None:
    with pytest.raises(SchedulingConflict):
        scheduling.find_slot(dt.date(2026, 3, 2), 600, search_days=3)


def test_weekday_codes() -> None:
    week = [dt.date(2026, 3, 2) + dt.timedelta(days=i) for i in range(5)]
    assert [scheduling.weekday_code(d) for d in week] == ["MON", "TUE", "WED", "THU", "FRI"]
