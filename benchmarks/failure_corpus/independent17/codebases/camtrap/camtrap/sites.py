"""Site registry and survey permits, read with urllib."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def _get_json(url: str, timeout: float) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        loaded: dict[str, Any] = json.loads(response.read())
    return loaded


def site_record(base_url: str, code: str, timeout: float) -> dict[str, Any]:
    return _get_json(f"{base_url}/v1/sites/{code}", timeout)


def permit(base_url: str, site: str, timeout: float) -> dict[str, Any]:
    return _get_json(f"{base_url}/v1/permits/{site}", timeout)
