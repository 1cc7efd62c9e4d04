"""Helpers shared by the tests."""

from __future__ import annotations

import datetime as dt


def at(day: str, hhmm: str) -> dt.datetime:
    """A naive local datetime from '2026-03-02' and '09:30'."""
    return dt.datetime.fromisoformat(f"{day}T{hhmm}")


def period(day: str, start: str, minutes: int) -> tuple[dt.datetime, dt.datetime]:
    """A busy period starting at `start` for `minutes`."""
    begin = at(day, start)
    return begin, begin + dt.timedelta(minutes=minutes)
