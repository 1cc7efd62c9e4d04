"""The property management system: departures, the XML room-status feed, clean reports."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import httpx

STATUSES = {"VD": "vacant dirty", "VC": "vacant clean", "OD": "occupied dirty",
            "OC": "occupied clean", "DND": "do not disturb", "OOO": "out of order"}


@dataclass
class StatusFeed:
    rooms: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


async def departures(base_url: str, day: str, timeout: float) -> list[int]:
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as client:
        response = await client.get("/v1/departures", params={"day": day})
        response.raise_for_status()
    return sorted(int(room) for room in response.json()["rooms"])


def parse_status_feed(document: str) -> StatusFeed:
    """Room statuses from the PMS feed; unknown codes are reported, not raised."""
    feed = StatusFeed()
    for room in ET.fromstring(document).iter("room"):
        number, code = int(room.get("number", "0")), room.get("status", "")
        if code not in STATUSES:
            feed.errors.append(f"room {number}: unknown status {code!r}")
            continue
        feed.rooms[number] = STATUSES[code]
    return feed


async def room_statuses(base_url: str, timeout: float) -> StatusFeed:
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as client:
        response = await client.get("/v1/rooms/status.xml")
        response.raise_for_status()
    return parse_status_feed(response.text)


async def report_clean(base_url: str, room: int, attendant: str,
                       timeout: float) -> httpx.Response:
    """Tell the PMS a room is clean; the caller checks the answer."""
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as client:
        return await client.post(f"/v1/rooms/{room}/clean", json={"attendant": attendant})
