"""The outbox."""

from __future__ import annotations

import os
from pathlib import Path

from notifier import config
from notifier.outbox import Outbox


def shared() -> Outbox:
    return Outbox(os.path.join(config.state_dir(), "outbox.db"))


def test_outbox_enqueue() -> None:
    box = shared()
    box.enqueue("ops@corp.test", "digest")
    assert "ops@corp.test" in box.pending()


def test_outbox_retry_count() -> None:
    box = shared()
    msg = box.enqueue("dev@corp.test", "retry")
    box.record_attempt(msg)
    assert box.record_attempt(msg) == 2


def test_outbox_enqueue_batch(tmp_path: Path) -> None:
    box = Outbox(str(tmp_path / "o.db"))
    assert box.enqueue_many([{"recipient": "a@corp.test", "subject": "x"},
                             {"recipient": "b@corp.test", "subject": "y"}]) == 2
    assert box.pending() == ["a@corp.test", "b@corp.test"]
