"""Client of the venues service: seat maps checked against the agreed contract."""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Any

from boxoffice.errors import ContractError

TIMEOUT = 1.0
CONTRACT = {"venue": str, "rows": list, "seats_per_row": int, "accessible": list}


def seat_map(venue: str) -> dict[str, Any]:
    """The seat map of a venue; urllib's own errors reach the caller."""
    request = urllib.request.Request(
        os.environ["VENUES_URL"].rstrip("/") + f"/venues/{venue}",
        headers={"Authorization": f"Bearer {os.environ['VENUES_TOKEN']}"},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        answer: dict[str, Any] = json.load(response)
    for field, kind in CONTRACT.items():
        if not isinstance(answer.get(field), kind):
            raise ContractError(f"seat map of {venue}: {field} is not a {kind.__name__}")
    return answer


def capacity(venue: str) -> int:
    plan = seat_map(venue)
    return len(plan["rows"]) * int(plan["seats_per_row"])
