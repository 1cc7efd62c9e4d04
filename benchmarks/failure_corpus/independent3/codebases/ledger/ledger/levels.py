"""Stock levels cached in Redis, with a per-process guard against cache stampedes."""

from __future__ import annotations

import threading
from collections.abc import Callable

import redis

from ledger.errors import CacheUnavailable


class LevelCache:
    """On-hand levels under ``level:<sku>`` with a time to live."""

    def __init__(self, client: redis.Redis, ttl: int = 60) -> None:
        self.client = client
        self.ttl = ttl
        self._guard = threading.Lock()

    def _call(self, what: str, func: Callable[[], object]) -> object:
        try:
            return func()
        except redis.RedisError as exc:
            raise CacheUnavailable(f"level cache {what} failed: {exc}") from exc

    def put(self, sku: str, level: int) -> None:
        self._call(f"put {sku}", lambda: self.client.set(f"level:{sku}", level, ex=self.ttl))

    def get(self, sku: str) -> int | None:
        value = self._call(f"get {sku}", lambda: self.client.get(f"level:{sku}"))
        return None if value is None else int(value)  # type: ignore[arg-type]

    def invalidate(self, sku: str) -> None:
        self._call(f"invalidate {sku}", lambda: self.client.delete(f"level:{sku}"))

    def get_or_load(self, sku: str, load: Callable[[], int]) -> int:
        """The cached level, or ``load()`` stored for the next caller (one loader at a time)."""
        with self._guard:
            level = self.get(sku)
            if level is None:
                level = load()
                self.put(sku, level)
            return level
