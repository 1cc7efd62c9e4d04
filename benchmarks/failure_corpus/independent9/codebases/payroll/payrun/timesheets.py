"""Timesheet files delivered by the time-clock vendor, one CSV per period."""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from payrun.errors import TimesheetError

log = logging.getLogger(__name__)

COLUMNS = ("employee", "date", "hours", "shift")
SHIFTS = frozenset({"day", "night", "weekend"})


@dataclass(frozen=True)
class Entry:
    """One line of a timesheet."""

    employee: str
    work_date: date
    hours: Decimal
    shift: str


def parse(path: Path) -> list[Entry]:
    """Read and validate a timesheet file; any broken line rejects the file."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise TimesheetError(f"{path.name}: missing columns {', '.join(missing)}")
        entries = []
        for number, row in enumerate(reader, start=2):
            entries.append(_entry(path.name, number, row))
    log.info("%s: %d entries", path.name, len(entries))
    return entries


def _entry(name: str, number: int, row: dict[str, str]) -> Entry:
    try:
        hours = Decimal(row["hours"])
    except InvalidOperation as exc:
        raise TimesheetError(f"{name}:{number}: hours {row['hours']!r} is not a number") from exc
    if not Decimal(0) <= hours <= Decimal(24):
        raise TimesheetError(f"{name}:{number}: {hours} hours in one day")
    if row["shift"] not in SHIFTS:
        raise TimesheetError(f"{name}:{number}: unknown shift {row['shift']!r}")
    try:
        work_date = date.fromisoformat(row["date"])
    except ValueError as exc:
        raise TimesheetError(f"{name}:{number}: bad date {row['date']!r}") from exc
    if not row["employee"]:
        raise TimesheetError(f"{name}:{number}: no employee code")
    return Entry(row["employee"], work_date, hours, row["shift"])


def by_employee(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Group entries per employee code, each list in date order."""
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.employee, []).append(entry)
    for items in grouped.values():
        items.sort(key=lambda e: e.work_date)
    return grouped


def shifts_worked(entries: list[Entry]) -> set[str]:
    """The kinds of shift present in a timesheet."""
    return {entry.shift for entry in entries}


def period_file(data_dir: Path, period: str) -> Path:
    """Where the vendor delivers the file of a period."""
    return data_dir / "timesheets" / f"{period}.csv"
