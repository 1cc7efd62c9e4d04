"""A maildir-style event spool: publishers write tmp/ and rename into new/, a consumer
thread moves handled events to cur/."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

Handler = Callable[[dict[str, Any]], None]


class Spool:
    def __init__(self, root: Path) -> None:
        self.root = root
        for sub in ("tmp", "new", "cur"):
            (root / sub).mkdir(parents=True, exist_ok=True)

    def publish(self, event: dict[str, Any]) -> str:
        name = f"{time.time_ns()}.{uuid.uuid4().hex[:12]}.json"
        staged = self.root / "tmp" / name
        staged.write_text(json.dumps(event))
        staged.rename(self.root / "new" / name)
        return name

    def pending(self) -> list[Path]:
        return sorted((self.root / "new").iterdir())

    def handled(self) -> list[Path]:
        return sorted((self.root / "cur").iterdir())


class Consumer:
    """Handles spooled events on a thread until stopped."""

    def __init__(self, spool: Spool, handler: Handler, poll: float = 0.02) -> None:
        self.spool = spool
        self.handler = handler
        self.poll = poll
        self.count = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="spool-consumer", daemon=True)

    def start(self) -> Consumer:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            for path in self.spool.pending():
                self._handle(path)
            time.sleep(self.poll)

    def _handle(self, path: Path) -> None:
        with self._lock:
            self.handler(json.loads(path.read_text()))
            path.rename(self.spool.root / "cur" / path.name)
            self.count += 1

    def wait_for(self, count: int) -> None:
        """Block until at least `count` events have been handled."""
        while True:
            with self._lock:
                if self.count >= count:
                    return
            time.sleep(self.poll)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
