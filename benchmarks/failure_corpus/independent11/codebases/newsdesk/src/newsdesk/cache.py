"""A thread-safe cache of word counts shared by the editing tools."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor


class WordCounter:
    """Counts words of story bodies, remembering bodies already counted."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, int] = {}

    def count(self, body: str) -> int:
        """Words in ``body``."""
        with self._lock:
            cached = self._known.get(body)
        if cached is not None:
            return cached
        words = len(body.split())
        with self._lock:
            self._known[body] = words
        return words

    def count_many(self, bodies: list[str]) -> list[int]:
        """Words of several bodies, counted on worker threads."""
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(self.count, bodies))

    def forget(self, body: str) -> None:
        """Drop one body from the cache."""
        with self._lock:
            self._known.pop(body, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._known)


COUNTER = WordCounter()
