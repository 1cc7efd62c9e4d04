"""The outbox worker: a thread that moves queued notices into a JSON lines outbox file."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from docketline.cache import NoticeQueue

log = logging.getLogger(__name__)


class OutboxWorker(threading.Thread):
    """Drains a notice queue into `outbox_dir/notices.jsonl`."""

    def __init__(self, queue: NoticeQueue, outbox_dir: Path) -> None:
        super().__init__(name="outbox", daemon=True)
        self.queue = queue
        self.path = outbox_dir / "notices.jsonl"
        self.stopping = threading.Event()
        self.idle = threading.Event()
        self.written = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self.path.open("a", encoding="utf-8") as out:
                while not self.stopping.is_set():
                    notice = self.queue.pop(timeout=0.2)
                    if notice is None:
                        self.idle.set()
                        continue
                    self.idle.clear()
                    out.write(json.dumps(notice, sort_keys=True) + "\n")
                    out.flush()
                    self.written += 1
        except BaseException as exc:
            log.exception("outbox worker stopped")
            self.error = exc
            self.idle.set()

    def drain(self, timeout: float = 5.0) -> int:
        """Wait until the queue is empty; return how many notices were written."""
        self.idle.clear()
        if not self.idle.wait(timeout):
            raise TimeoutError("outbox did not drain")
        if self.error is not None:
            raise RuntimeError("outbox worker failed") from self.error
        return self.written

    def stop(self) -> None:
        """Stop the worker and wait for it."""
        self.stopping.set()
        self.join(timeout=5)


def read_outbox(outbox_dir: Path) -> list[dict[str, object]]:
    """Notices written to the outbox."""
    path = outbox_dir / "notices.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
