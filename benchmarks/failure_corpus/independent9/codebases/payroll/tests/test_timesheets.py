from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from payrun import timesheets
from payrun.config import Settings
from payrun.errors import TimesheetError


def test_sample_parses(sample_timesheet: Path) -> None:
    entries = timesheets.parse(sample_timesheet)
    assert len(entries) == 6
    assert entries[0].hours == Decimal("8")


def test_sample_grouped_in_date_order(sample_timesheet: Path) -> None:
    grouped = timesheets.by_employee(timesheets.parse(sample_timesheet))
    assert [e.work_date for e in grouped["E001"]] == [
        date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3)
    ]


def test_shifts_listed_in_first_seen_order(sample_timesheet: Path) -> None:
    shifts = timesheets.shifts_worked(timesheets.parse(sample_timesheet))
    assert list(shifts) == sorted(shifts, key=["day", "night", "weekend"].index)


def test_bad_hours_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("employee,date,hours,shift\nE001,2026-11-02,eight,day\n")
    with pytest.raises(TimesheetError, match="not a number"):
        timesheets.parse(path)


def test_unknown_shift_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("employee,date,hours,shift\nE001,2026-11-02,8,evening\n")
    with pytest.raises(TimesheetError, match="unknown shift"):
        timesheets.parse(path)


def test_missing_column_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("employee,date,hours\nE001,2026-11-02,8\n")
    with pytest.raises(TimesheetError, match="missing columns shift"):
        timesheets.parse(path)


def test_october_delivery_parses(settings: Settings) -> None:
    entries = timesheets.parse(timesheets.period_file(settings.data_dir, "2026-10"))
    assert len(entries) == 9
    assert {e.employee for e in entries} == {"E001", "E002", "E003"}


def test_october_delivery_total_hours(settings: Settings) -> None:
    entries = timesheets.parse(timesheets.period_file(settings.data_dir, "2026-10"))
    assert sum(e.hours for e in entries) == Decimal("66.5")


def test_november_delivery_parses(settings: Settings) -> None:
    entries = timesheets.parse(timesheets.period_file(settings.data_dir, "2026-11"))
    assert len(entries) == 8


def test_november_delivery_per_employee(settings: Settings) -> None:
    path = timesheets.period_file(settings.data_dir, "2026-11")
    grouped = timesheets.by_employee(timesheets.parse(path))
    assert sorted(grouped) == ["E001", "E002", "E003"]
    assert sum(e.hours for e in grouped["E002"]) == Decimal("23.5")
