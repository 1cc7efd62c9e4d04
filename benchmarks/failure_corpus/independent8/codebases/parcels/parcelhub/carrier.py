"""Client of the carrier's tracking service (HTTP, JSON)."""

from __future__ import annotations

import logging
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

from parcelhub.errors import CarrierError, CarrierTimeout, PayloadError
from parcelhub.store import STATUSES, Event

log = logging.getLogger("parcelhub.carrier")


def _session(token: str) -> requests.Session:
    session = requests.Session()
    retry = Retry(total=1, connect=0, backoff_factor=0.05, backoff_jitter=0.01,
                  allowed_methods=frozenset({"GET"}), status_forcelist=())
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.headers["Authorization"] = f"Bearer {token}"
    session.headers["Accept"] = "application/json"
    return session


class CarrierClient:
    """Tracking, pickups and event feeds of one carrier."""

    def __init__(self, base_url: str, token: str, timeout: float) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.session = _session(token)

    def track(self, tracking_no: str) -> list[Event]:
        """The carrier's scans of one parcel."""
        url = f"{self.base_url}/v1/track/{tracking_no}"
        try:
            resp = self.session.get(url, timeout=self.timeout)
        except requests.Timeout as exc:
            log.warning("carrier did not answer for %s within %.1fs", tracking_no, self.timeout)
            raise CarrierTimeout(f"tracking {tracking_no} timed out") from exc
        resp.raise_for_status()
        body = resp.json()
        return [
            Event(tracking_no, scan["status"], scan["occurred_at"], scan.get("location"))
            for scan in body["scans"]
        ]

    def book_pickup(self, depot: str, parcels: list[str], window: str) -> str:
        """Book a pickup of parcels at a depot; return the carrier's booking reference."""
        resp = self.session.post(
            f"{self.base_url}/v1/pickups",
            json={"depot": depot, "parcels": parcels, "window": window},
            timeout=self.timeout,
        )
        if resp.status_code >= 400:
            log.error("pickup booking failed with %s: %s", resp.status_code, resp.text[:200])
            raise CarrierError(f"pickup booking failed: HTTP {resp.status_code}")
        return str(resp.json()["reference"])

    def events_since(self, cursor: int) -> tuple[list[Event], int]:
        """The carrier's event feed after ``cursor``: the events and the next cursor."""
        resp = self.session.get(
            f"{self.base_url}/v1/events", params={"after": cursor}, timeout=self.timeout
        )
        resp.raise_for_status()
        body: dict[str, Any] = resp.json()
        events = []
        for item in body["events"]:
            status = item["status"]
            if status not in STATUSES:
                raise PayloadError(f"event {item.get('id')}: unknown status {status!r}")
            events.append(Event(item["tracking_no"], status, item["occurred_at"],
                                item.get("location")))
        return events, int(body["cursor"])
