"""The declared contract of wire items and photo metadata."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsdesk.errors import ContractViolation

CATEGORIES = frozenset({"politics", "business", "sport", "culture", "science", "metro"})
LICENCES = frozenset({"editorial", "commercial", "restricted"})


@dataclass(frozen=True)
class WireItem:
    """A story offered by a news agency."""

    agency: str
    slug: str
    headline: str
    body: str
    priority: int
    category: str
    byline: str | None


def parse_wire_item(agency: str, raw: dict[str, Any]) -> WireItem:
    """Validate one raw agency item against the wire contract."""
    for name in ("slug", "headline", "body", "priority", "category"):
        if name not in raw:
            raise ContractViolation(
                f"{agency}: item {raw.get('slug', '?')!r} lacks required field {name!r}"
            )
    priority = raw["priority"]
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise ContractViolation(
            f"{agency}: priority of {raw['slug']!r} must be an integer, got {priority!r}"
        )
    if raw["category"] not in CATEGORIES:
        raise ContractViolation(
            f"{agency}: unknown category {raw['category']!r} on {raw['slug']!r}"
        )
    byline = raw.get("byline")
    return WireItem(
        agency=agency,
        slug=str(raw["slug"]),
        headline=str(raw["headline"]).strip(),
        body=str(raw["body"]),
        priority=priority,
        category=str(raw["category"]),
        byline=str(byline) if byline is not None else None,
    )


@dataclass(frozen=True)
class PhotoMeta:
    """A picture offered by the photo partner."""

    photo_id: str
    caption: str
    licence: str
    width: int


def parse_photo(raw: dict[str, Any]) -> PhotoMeta:
    """Validate photo metadata; the licence must be a known value."""
    licence = raw.get("licence")
    if licence not in LICENCES:
        raise ContractViolation(
            f"photo {raw.get('id')!r}: licence {licence!r} is not one of {sorted(LICENCES)}"
        )
    width = raw.get("width")
    if not isinstance(width, int):
        raise ContractViolation(f"photo {raw.get('id')!r}: width must be an integer")
    return PhotoMeta(
        photo_id=str(raw["id"]), caption=str(raw.get("caption", "")), licence=licence, width=width
    )
