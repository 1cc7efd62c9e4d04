"""Redis cache of day timetables and the publication lock."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import redis

TTL_SECONDS = 600


class TimetableCache:
    """Caches rendered day timetables by route set and day."""

    def __init__(self, url: str, prefix: str = "ferry") -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix

    def key(self, day: str) -> str:
        """The cache key of a day."""
        return f"{self.prefix}:day:{day}"

    def get_or_render(self, day: str, render: Callable[[], list[dict[str, Any]]]) -> list[
            dict[str, Any]]:
        """The cached timetable of ``day``, rendered and stored on a miss."""
        cached = self.client.get(self.key(day))
        if cached is not None:
            return list(json.loads(cached))
        value = render()
        self.client.set(self.key(day), json.dumps(value), ex=TTL_SECONDS)
        return value

    def invalidate(self, day: str) -> bool:
        """Drops a day from the cache; tells whether it was there."""
        return bool(self.client.delete(self.key(day)))

    def bump_version(self) -> int:
        """Increments the published feed version counter."""
        return int(self.client.incr(f"{self.prefix}:version"))

    def publish_lock(self, timeout: float = 5.0) -> Any:
        """A Redis lock held while a feed is being published."""
        return self.client.lock(f"{self.prefix}:publish", timeout=timeout, blocking_timeout=1)
