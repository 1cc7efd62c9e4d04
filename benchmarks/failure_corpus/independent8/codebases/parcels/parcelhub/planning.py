"""Delivery planning: promised dates, route order, service levels and the depot tariff."""

from __future__ import annotations

import logging
import math
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

log = logging.getLogger("parcelhub.planning")

TRANSIT_DAYS = {"express": 1, "standard": 2, "economy": 4}
ZONE_EXTRA_DAYS = {"A": 0, "B": 1, "C": 2}
HUBS = {"north": (53.55, 9.99), "south": (48.14, 11.58), "west": (50.94, 6.96)}
HOLIDAYS = {date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 1),
            date(2026, 12, 25), date(2026, 12, 26)}


@lru_cache(maxsize=256)
def postcode_zone(postcode: str) -> str:
    """Delivery zone of a postcode: A for the depot's own area, B nearby, C remote."""
    digits = "".join(ch for ch in postcode if ch.isdigit())
    if not digits:
        raise ValueError(f"postcode {postcode!r} has no digits")
    first = int(digits[0])
    return "A" if first in (2, 3) else "B" if first in (1, 4, 5) else "C"


def is_working_day(day: date) -> bool:
    """Whether carriers deliver on a day."""
    return day.weekday() < 5 and day not in HOLIDAYS


def promised_date(shipped: date, service: str, postcode: str) -> date:
    """The delivery date promised for a parcel shipped on a day."""
    days = TRANSIT_DAYS[service] + ZONE_EXTRA_DAYS[postcode_zone(postcode)]
    day = shipped
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def sla_breached(promised: date, delivered: date | None, today: date) -> bool:
    """Whether a parcel missed its promised date (an undelivered one counts from today)."""
    return (delivered or today) > promised


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def plan_route(hub: str, stops: dict[str, tuple[float, float]]) -> list[str]:
    """Order the stops by always driving to the nearest one not yet visited."""
    here = HUBS[hub]
    remaining = dict(stops)
    order: list[str] = []
    while remaining:
        name = min(remaining, key=lambda n: (_distance(here, remaining[n]), n))
        order.append(name)
        here = remaining.pop(name)
    log.debug("route from %s: %s", hub, order)
    return order


def route_length_km(hub: str, stops: dict[str, tuple[float, float]], order: list[str]) -> float:
    """Length of a round trip from the hub through the stops in order."""
    points = [HUBS[hub], *(stops[name] for name in order), HUBS[hub]]
    return sum(_distance(a, b) for a, b in zip(points, points[1:], strict=False))


def tariff(weight_g: int, service: str) -> Decimal:
    """The depot's own price for handling a parcel."""
    base = {"economy": Decimal("3.90"), "standard": Decimal("5.40"), "express": Decimal("9.80")}
    kilos = Decimal(weight_g) / Decimal(1000)
    extra = max(Decimal(0), kilos - Decimal(2)) * Decimal("0.85")
    return (base[service] + extra).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
