"""Guest notifications through the messaging service (sync httpx)."""

from __future__ import annotations

import httpx

from bookings.errors import NotificationFailed
from bookings.models import Booking


class Notifier:
    def __init__(self, base_url: str, token: str, timeout: float) -> None:
        self._base = base_url
        self._headers = {"X-Api-Token": token}
        self._timeout = timeout

    def _post(self, path: str, body: dict[str, object]) -> str:
        try:
            response = httpx.post(self._base + path, json=body, headers=self._headers,
                                  timeout=self._timeout)
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            raise NotificationFailed(f"messaging answered {exc.response.status_code} "
                                     f"for {path}") from exc
        return str(response.json()["message_id"])

    def confirmation(self, booking: Booking) -> str:
        return self._post("/messages", {"to": booking.guest, "template": "confirmation",
                                        "reference": booking.reference,
                                        "total_cents": booking.total_cents})

    def reminder(self, guest: str, reference: str) -> str:
        return self._post("/messages", {"to": guest, "template": "reminder",
                                        "reference": reference})
