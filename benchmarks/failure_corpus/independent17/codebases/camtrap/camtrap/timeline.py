"""Capture timelines: ordering and the night a capture belongs to."""

from __future__ import annotations

from datetime import datetime, timedelta


def latest_first(captures: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(captures, key=lambda c: c["taken_at"], reverse=True)


def night_label(taken_at: str) -> str:
    """Captures before noon count to the previous evening's night."""
    moment = datetime.fromisoformat(taken_at)
    if moment.hour < 12:
        moment -= timedelta(days=1)
    return moment.strftime("night of %d %b %Y")


def group_by_night(captures: list[dict[str, str]]) -> dict[str, int]:
    groups: dict[str, int] = {}
    for capture in captures:
        label = night_label(capture["taken_at"])
        groups[label] = groups.get(label, 0) + 1
    return groups
