"""Redis-backed status cache and per-depot scheduling lock."""

from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any

import redis

log = logging.getLogger(__name__)


def connect(url: str) -> redis.Redis:
    """A client on the cache Redis; fails fast when the server is down."""
    client: redis.Redis = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1.0)
    return client


class StatusCache:
    """Last known status of each vehicle, kept for ``ttl`` seconds."""

    def __init__(self, client: redis.Redis, ttl: int = 300) -> None:
        self.client = client
        self.ttl = ttl

    def put(self, vin: str, status: dict[str, Any]) -> None:
        self.client.set(f"fleet:status:{vin}", json.dumps(status, sort_keys=True), ex=self.ttl)

    def get(self, vin: str) -> dict[str, Any] | None:
        raw = self.client.get(f"fleet:status:{vin}")
        if raw is None:
            return None
        decoded: dict[str, Any] = json.loads(raw.decode())
        return decoded

    def bump_counter(self, depot: str, field: str, by: int = 1) -> int:
        return int(self.client.hincrby(f"fleet:counters:{depot}", field, by))

    def counters(self, depot: str) -> dict[str, int]:
        raw = self.client.hgetall(f"fleet:counters:{depot}")
        return {k.decode(): int(v) for k, v in raw.items()}


class SchedulingLock:
    """Only one scheduler may plan a depot at a time; waits until the lock is free."""

    def __init__(self, client: redis.Redis, depot: str, lease_ms: int = 10_000) -> None:
        self.client = client
        self.key = f"fleet:lock:schedule:{depot}"
        self.token = uuid.uuid4().hex
        self.lease_ms = lease_ms

    def acquire(self, poll: float = 0.05) -> None:
        while not self.client.set(self.key, self.token, nx=True, px=self.lease_ms):
            time.sleep(poll)
        log.info("acquired %s", self.key)

    def release(self) -> bool:
        current = self.client.get(self.key)
        if current is not None and current.decode() == self.token:
            self.client.delete(self.key)
            return True
        return False

    def __enter__(self) -> SchedulingLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
