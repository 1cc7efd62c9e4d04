"""Shift times in the hotel's time zone, break slots and overdue rooms."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHIFT_STARTS = {"early": time(7, 0), "late": time(14, 30), "turndown": time(18, 0)}


def shift_start(day: date, shift: str, tz: str) -> datetime:
    """The shift's start as an aware datetime in UTC."""
    local = datetime.combine(day, SHIFT_STARTS[shift], tzinfo=ZoneInfo(tz))
    return local.astimezone(ZoneInfo("UTC"))


def break_slot(rooms: int) -> str:
    """Attendants with more than eight rooms take their break after the sixth."""
    slot = "at the end"
    if rooms > 8:
        slot = "after room 6"
    elif rooms > 4:
        slot = "after room 4"
    return slot


def is_overdue(deadline: datetime, tz: str, now: datetime | None = None) -> bool:
    current = now or datetime.now(ZoneInfo(tz))
    return current > deadline


def checkout_deadline(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(11, 0), tzinfo=ZoneInfo(tz)) + timedelta(minutes=30)
