"""Docket cache and the notification queue in Redis."""

from __future__ import annotations

import json
import logging
from typing import Any

import redis

log = logging.getLogger(__name__)


def client(url: str) -> redis.Redis:
    """A Redis client from a URL with the password in it."""
    return redis.Redis.from_url(url, socket_timeout=3, decode_responses=True)


class DocketCache:
    """Rendered dockets, cached per case for a while."""

    def __init__(self, r: redis.Redis, prefix: str = "docket", ttl: int = 300) -> None:
        self.r = r
        self.prefix = prefix
        self.ttl = ttl

    def key(self, case_number: str) -> str:
        """Cache key of a case."""
        return f"{self.prefix}:{case_number}"

    def put(self, case_number: str, entries: list[dict[str, Any]]) -> None:
        """Cache a docket."""
        self.r.set(self.key(case_number), json.dumps(entries, default=str), ex=self.ttl)

    def get(self, case_number: str) -> list[dict[str, Any]] | None:
        """A cached docket, or None."""
        raw = self.r.get(self.key(case_number))
        if raw is None:
            return None
        entries: list[dict[str, Any]] = json.loads(raw)
        return entries

    def invalidate(self, case_number: str) -> bool:
        """Drop a cached docket; True if there was one."""
        return bool(self.r.delete(self.key(case_number)))


class NoticeQueue:
    """Notices to parties, queued for the outbox worker."""

    def __init__(self, r: redis.Redis, name: str = "notices") -> None:
        self.r = r
        self.name = name

    def push(self, notice: dict[str, Any]) -> int:
        """Queue a notice; returns the queue length."""
        length: int = self.r.lpush(self.name, json.dumps(notice))
        return length

    def pop(self, timeout: float = 1.0) -> dict[str, Any] | None:
        """The oldest notice, waiting up to `timeout` seconds."""
        item = self.r.brpop([self.name], timeout=timeout)
        if item is None:
            return None
        notice: dict[str, Any] = json.loads(item[1])
        return notice

    def __len__(self) -> int:
        return int(self.r.llen(self.name))
