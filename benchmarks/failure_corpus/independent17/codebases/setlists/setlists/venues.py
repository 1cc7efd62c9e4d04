"""Venue directory, read with urllib and an API key."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def venue(base_url: str, key: str, slug: str, timeout: float) -> dict[str, Any]:
    request = urllib.request.Request(f"{base_url}/v1/venues/{slug}", headers={"X-Api-Key": key})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        loaded: dict[str, Any] = json.loads(response.read())
    return loaded
