"""Sunrise and sunset from the almanac service, over http.client."""

from __future__ import annotations

import http.client
import json
from datetime import time


def sun_times(host: str, port: int, site: str, day: str, timeout: float) -> tuple[time, time]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", f"/v1/sun?site={site}&day={day}")
        response = conn.getresponse()
        body = json.loads(response.read())
    finally:
        conn.close()
    return time.fromisoformat(body["sunrise"]), time.fromisoformat(body["sunset"])


def is_night(taken: time, sunrise: time, sunset: time) -> bool:
    return taken < sunrise or taken >= sunset
