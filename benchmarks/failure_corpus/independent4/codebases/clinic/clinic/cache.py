"""Clinicians' free slots, cached for a minute; one loader per key at a time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class SlotCache:
    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._entries: dict[str, tuple[float, list[str]]] = {}
        self._lock = threading.Lock()

    def _drop_expired(self) -> None:
        now = time.monotonic()
        for key in [k for k, (at, _) in self._entries.items() if now - at > self.ttl]:
            del self._entries[key]

    def get_or_load(self, key: str, load: Callable[[], list[str]]) -> list[str]:
        with self._lock:
            self._drop_expired()
            if key not in self._entries:
                self._entries[key] = (time.monotonic(), load())
            return self._entries[key][1]

    def invalidate(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)
