"""Client of the telematics provider (odometer readings) over urllib."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from fleetcare.db import odometer, set_odometer
from fleetcare.errors import TelematicsAuthError, TelematicsContractError

log = logging.getLogger(__name__)


class TelematicsClient:
    """Reads vehicles' odometers from the provider."""

    def __init__(self, base_url: str, token: str, timeout: float = 0.5) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _get(self, path: str) -> dict[str, Any]:
        request = urllib.request.Request(
            f"{self.base_url}{path}", headers={"Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: dict[str, Any] = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise TelematicsAuthError(f"telematics refused the token ({exc.code})") from exc
            raise
        return body

    def reading(self, vin: str) -> tuple[int, datetime]:
        """The vehicle's latest odometer reading and when it was taken."""
        body = self._get(f"/v1/vehicles/{vin}/odometer")
        if "odometer_km" not in body or "recorded_at" not in body:
            raise TelematicsContractError(f"reading for {vin} lacks fields: {sorted(body)}")
        km = body["odometer_km"]
        if not isinstance(km, int):
            raise TelematicsContractError(f"odometer_km must be an integer, got {km!r}")
        return km, datetime.fromisoformat(body["recorded_at"])


def sync_odometers(conn: Connection, client: TelematicsClient, vins: list[str]) -> dict[str, int]:
    """Store newer readings; returns the distance driven per vehicle since the last reading."""
    driven: dict[str, int] = {}
    for vin in vins:
        km, _ = client.reading(vin)
        before = odometer(conn, vin)
        if km > before:
            set_odometer(conn, vin, km)
        driven[vin] = max(km - before, 0)
        log.info("vehicle %s drove %d km", vin, driven[vin])
    return driven
