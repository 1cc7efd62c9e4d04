"""Reads the desk rota delivered by the staffing system into the inbox."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from newsdesk.errors import ContractViolation

COLUMNS = ("day", "desk", "editor", "shift")
SHIFTS = frozenset({"early", "late", "night"})


@dataclass(frozen=True)
class Shift:
    """One editor on one desk for one shift."""

    day: date
    desk: str
    editor: str
    shift: str


def read_rota(path: Path) -> list[Shift]:
    """Shifts of the delivered rota file; the file must follow the rota contract."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            raise ContractViolation(f"{path.name}: missing columns {missing}")
        shifts = []
        for line, row in enumerate(reader, start=2):
            if row["shift"] not in SHIFTS:
                raise ContractViolation(f"{path.name}:{line}: unknown shift {row['shift']!r}")
            try:
                day = date.fromisoformat(row["day"])
            except ValueError as exc:
                raise ContractViolation(f"{path.name}:{line}: bad day {row['day']!r}") from exc
            shifts.append(
                Shift(day=day, desk=row["desk"], editor=row["editor"], shift=row["shift"])
            )
    return shifts


def editors_on(shifts: list[Shift], day: date, desk: str) -> list[str]:
    """Editors working ``desk`` on ``day``, by shift order."""
    order = {"early": 0, "late": 1, "night": 2}
    return [
        s.editor
        for s in sorted(shifts, key=lambda s: order[s.shift])
        if s.day == day and s.desk == desk
    ]
