from __future__ import annotations

import time
from pathlib import Path

from boxoffice.worker import ConfirmationWorker


def wait_for(predicate, seconds: float = 2.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_drain_confirms_jobs(spool: Path) -> None:
    worker = ConfirmationWorker(spool)
    worker.submit(1, "quin@example.org")
    worker.submit(2, "rae@example.org")
    assert worker.drain() == 2
    assert sorted(p.name for p in spool.iterdir()) == ["1.sent", "2.sent"]


def test_worker_thread_confirms(spool: Path) -> None:
    worker = ConfirmationWorker(spool)
    worker.start()
    worker.submit(3, "sam@example.org")
    assert wait_for(lambda: (spool / "3.sent").exists())
    worker.stop()


def test_worker_stops(spool: Path) -> None:
    worker = ConfirmationWorker(spool)
    worker.start()
    worker.stop()
    assert worker.sent == 0


def test_pending_count(spool: Path) -> None:
    worker = ConfirmationWorker(spool)
    worker.submit(4, "tai@example.org")
    assert worker.pending() == 1
    worker.drain()
    assert worker.pending() == 0
