"""Pulling carrier scans into the store with a pool of worker threads."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from parcelhub.carrier import CarrierClient
from parcelhub.store import Event, ParcelStore

log = logging.getLogger("parcelhub.sync")


class TrackingSync:
    """Fetches scans for many parcels in parallel and records the new ones."""

    def __init__(self, client: CarrierClient, store: ParcelStore, workers: int = 4) -> None:
        self.client = client
        self.store = store
        self.workers = workers
        self._lock = threading.RLock()
        self.recorded = 0

    def _known(self, tracking_no: str) -> set[tuple[str, str]]:
        with self._lock:
            return {(e.status, e.occurred_at) for e in self.store.history(tracking_no)}

    def _record_new(self, tracking_no: str, scans: list[Event]) -> int:
        with self._lock:
            known = self._known(tracking_no)
            new = [s for s in scans if (s.status, s.occurred_at) not in known]
            for scan in sorted(new, key=lambda s: s.occurred_at):
                self.store.record(scan)
            self.recorded += len(new)
            return len(new)

    def run(self, tracking_nos: list[str]) -> dict[str, int]:
        """Sync every parcel; return the number of new scans per parcel.

        The carrier is asked in parallel; the scans are recorded by the calling thread, which
        owns the database connection.
        """
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="sync") as pool:
            fetched = dict(zip(tracking_nos, pool.map(self.client.track, tracking_nos),
                               strict=True))
        results = {no: self._record_new(no, scans) for no, scans in fetched.items()}
        log.info("synced %d parcels, %d new scans", len(results), sum(results.values()))
        return results
