"""Courier booking and tracking (urllib.request)."""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Any


def _url(path: str, setting: str = "LS_COURIER_URL") -> str:
    return os.environ.get(setting, "http://127.0.0.1:57429") + path


def _get(path: str, timeout: float = 5.0) -> dict[str, Any]:
    with urllib.request.urlopen(_url(path), timeout=timeout) as response:
        body: dict[str, Any] = json.load(response)
    return body


def book_pickup(barcode: str, site: str) -> str:
    """Book a cold-chain pickup through the booking API; returns the courier reference."""
    request = urllib.request.Request(
        _url("/pickups", "LS_PICKUP_URL"),
        data=json.dumps({"barcode": barcode, "site": site}).encode(),
        headers={"Content-Type": "application/json"}, method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return str(json.load(response)["reference"])


def tracking(reference: str) -> str:
    return str(_get(f"/tracking/{reference}")["state"])


def rates(zone: str) -> dict[str, float]:
    timeout = float(os.environ.get("LS_COURIER_TIMEOUT", "1.0"))
    body = _get(f"/rates/{zone}", timeout=timeout)
    return {key: float(value) for key, value in body["rates"].items()}
