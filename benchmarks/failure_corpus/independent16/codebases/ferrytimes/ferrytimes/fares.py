"""Fare quotes for a party travelling on a route."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from toolz import frequencies, valmap

from ferrytimes.errors import TimetableError

CHILD_SHARE = 0.5
GROUP_SIZE = 10
GROUP_DISCOUNT = 0.1
VEHICLE_CATEGORIES = ("car", "motorcycle", "bicycle", "van")


def quote(fares: Mapping[str, int], party: Sequence[str], return_trip: bool = False) -> int:
    """The price in pence for a party of ``adult``, ``child``, ``infant`` and vehicles."""
    counts = frequencies(party)
    unknown = set(counts) - {"adult", "child", "infant", *VEHICLE_CATEGORIES}
    if unknown:
        raise TimetableError(f"unknown fare categories: {sorted(unknown)}")
    adults = counts.get("adult", 0)
    if adults == 0 and counts.get("child", 0) + counts.get("infant", 0) > 0:
        raise TimetableError("children must travel with an adult")
    total = adults * fares["adult"]
    total += round(counts.get("child", 0) * fares["adult"] * CHILD_SHARE)
    for vehicle in VEHICLE_CATEGORIES:
        if counts.get(vehicle):
            total += counts[vehicle] * fares[vehicle]
    people = adults + counts.get("child", 0)
    if people >= GROUP_SIZE:
        total = round(total * (1 - GROUP_DISCOUNT))
    if return_trip:
        total = round(total * 1.8)
    return total


def in_pounds(fares: Mapping[str, int]) -> dict[str, str]:
    """Fares formatted as pounds, e.g. ``{"adult": "£12.50"}``."""
    return valmap(lambda pence: f"£{pence // 100}.{pence % 100:02d}", dict(fares))
