"""Berth slots from the port authority."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ferrytimes.errors import ContractError, TimetableError
from ferrytimes.partners import call
from ferrytimes.settings import Settings


def free_berths(settings: Settings, port: str, day: dt.date) -> list[dict[str, Any]]:
    """The berths of ``port`` free on ``day``."""
    answer = call("port-authority", settings.berths_url, f"/v1/berths/{port}?date={day}",
                  settings.partner_token, settings.partner_timeout)
    berths = answer.get("berths")
    if not isinstance(berths, list):
        raise ContractError(f"port authority answer for {port} has no berths list")
    for berth in berths:
        for field in ("id", "free_from", "free_to"):
            if field not in berth:
                raise ContractError(f"berth of {port} lacks required field {field!r}")
    return berths


def pick_berth(berths: list[dict[str, Any]], arrives: dt.time) -> str:
    """The first berth free at the arrival time."""
    for berth in berths:
        start = dt.time.fromisoformat(berth["free_from"])
        end = dt.time.fromisoformat(berth["free_to"])
        if start <= arrives <= end:
            return str(berth["id"])
    raise TimetableError(f"no berth free at {arrives}")


def book_berth(settings: Settings, port: str, sailing_id: int, berth: str,
               arrives: dt.datetime) -> str:
    """Books a berth for a sailing; returns the booking reference."""
    answer = call("port-authority", settings.berths_url, f"/v1/berths/{port}/bookings",
                  settings.partner_token, settings.partner_timeout,
                  body={"sailing": sailing_id, "berth": berth, "arrives": arrives.isoformat()})
    return str(answer["booking"])
