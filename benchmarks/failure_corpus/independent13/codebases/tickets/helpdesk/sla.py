"""Service-level deadlines in business hours (weekends do not count)."""

from __future__ import annotations

from datetime import datetime, timedelta

DEFAULT_HOURS = {"low": 72, "high": 24, "urgent": 4}


def due_at(created: datetime, priority: str, policy: dict[str, int] | None = None) -> datetime:
    """When a ticket of this priority must be resolved."""
    hours = (policy or DEFAULT_HOURS)[priority]
    current = created
    remaining = hours
    while remaining > 0:
        current += timedelta(hours=1)
        if current.weekday() >= 5:
            continue
        remaining -= 1
    return current


def breached(created: datetime, priority: str, resolved: datetime) -> bool:
    """Whether resolution came after the deadline."""
    return resolved > due_at(created, priority)
