"""The parcel store: registrations, tracking events and depot statistics."""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass

from parcelhub.errors import StoreError

log = logging.getLogger("parcelhub.store")

STATUSES = ("registered", "picked_up", "in_transit", "out_for_delivery", "delivered", "returned")
SERVICES = ("standard", "express", "economy")


@dataclass(frozen=True)
class Parcel:
    """A parcel as registered at the depot."""

    tracking_no: str
    carrier: str
    recipient: str | None
    postcode: str
    service: str
    weight_g: int


@dataclass(frozen=True)
class Event:
    """One scan of a parcel by a carrier."""

    tracking_no: str
    status: str
    occurred_at: str
    location: str | None = None


class ParcelStore:
    """Reads and writes parcels and their events."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def register(self, parcel: Parcel) -> None:
        """Register one parcel."""
        self.conn.execute(
            "INSERT INTO parcels(tracking_no, carrier, recipient, postcode, service, weight_g)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (parcel.tracking_no, parcel.carrier, parcel.recipient, parcel.postcode,
             parcel.service, parcel.weight_g),
        )
        log.debug("registered %s", parcel.tracking_no)

    def register_many(self, parcels: list[Parcel]) -> int:
        """Register parcels in one transaction; on a constraint failure none is kept."""
        try:
            self.conn.execute("BEGIN")
            for parcel in parcels:
                self.register(parcel)
            self.conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            self.conn.execute("ROLLBACK")
            log.error("registration batch rejected: %s", exc)
            raise StoreError(f"batch of {len(parcels)} parcels rejected") from exc
        return len(parcels)

    def record(self, event: Event) -> None:
        """Record a tracking event and move the parcel to its status."""
        if event.status not in STATUSES:
            raise StoreError(f"unknown status {event.status!r}")
        self.conn.execute(
            "INSERT INTO events(tracking_no, status, occurred_at, location) VALUES (?, ?, ?, ?)",
            (event.tracking_no, event.status, event.occurred_at, event.location),
        )
        self.conn.execute(
            "UPDATE parcels SET status = ? WHERE tracking_no = ?",
            (event.status, event.tracking_no),
        )

    def sign(self, tracking_no: str, signed_by: str) -> None:
        """Record who signed for a delivered parcel."""
        cur = self.conn.execute(
            "UPDATE parcels SET signed_by = ?, status = 'delivered' WHERE tracking_no = ?",
            (signed_by, tracking_no),
        )
        if cur.rowcount != 1:
            raise StoreError(f"no parcel {tracking_no}")

    def get(self, tracking_no: str) -> sqlite3.Row:
        """One parcel's row."""
        row = self.conn.execute(
            "SELECT * FROM parcels WHERE tracking_no = ?", (tracking_no,)
        ).fetchone()
        if row is None:
            raise KeyError(tracking_no)
        return row

    def history(self, tracking_no: str) -> list[Event]:
        """A parcel's events, oldest first."""
        rows = self.conn.execute(
            "SELECT tracking_no, status, occurred_at, location FROM events"
            " WHERE tracking_no = ? ORDER BY occurred_at, id",
            (tracking_no,),
        ).fetchall()
        return [Event(r["tracking_no"], r["status"], r["occurred_at"], r["location"]) for r in rows]

    def status_counts(self) -> Counter[str]:
        """How many parcels are in each status."""
        rows = self.conn.execute("SELECT status, COUNT(*) AS n FROM parcels GROUP BY status")
        return Counter({r["status"]: int(r["n"]) for r in rows})

    def weight_by_postcode_area(self) -> dict[str, int]:
        """Total weight in grams per postcode area (the letters before the digits)."""
        totals: dict[str, int] = {}
        for row in self.conn.execute("SELECT postcode, weight_g FROM parcels"):
            area = "".join(ch for ch in row["postcode"] if ch.isalpha())[:2].upper()
            totals[area] = totals.get(area, 0) + int(row["weight_g"])
        return totals
