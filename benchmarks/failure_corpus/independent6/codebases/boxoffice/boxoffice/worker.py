"""Confirmation worker: a thread that turns spooled `*.job` files into `*.sent` receipts."""

from __future__ import annotations

import json
import threading
from pathlib import Path


class ConfirmationWorker:
    def __init__(self, spool: Path, interval: float = 0.05) -> None:
        self.spool = spool
        self.interval = interval
        self.sent = 0
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def submit(self, order_id: int, email: str) -> Path:
        job = self.spool / f"{order_id}.job"
        job.write_text(json.dumps({"order": order_id, "email": email}))
        return job

    def pending(self) -> int:
        with self._lock:
            return len(list(self.spool.glob("*.job")))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.drain()
            self._stop.wait(self.interval)

    def drain(self) -> int:
        """Confirm every spooled job once; returns how many were confirmed."""
        done = 0
        with self._lock:
            for job in sorted(self.spool.glob("*.job")):
                payload = json.loads(job.read_text())
                job.with_suffix(".sent").write_text(f"to {payload['email']}\n")
                job.unlink()
                done += 1
            self.sent += done
            if done:
                self.pending()
        return done
