"""Per-depot work queues on the queue Redis, consumed by a worker thread."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)


def connect(url: str) -> redis.Redis:
    """A client on the queue Redis with bounded retries."""
    client: redis.Redis = redis.Redis.from_url(
        url, socket_connect_timeout=0.5, socket_timeout=2.0,
        retry=Retry(ExponentialBackoff(cap=0.2, base=0.01), 1))
    return client


class WorkQueue:
    """A FIFO of work-order jobs for one depot."""

    def __init__(self, client: redis.Redis, depot: str) -> None:
        self.client = client
        self.key = f"fleet:queue:{depot}"

    def push(self, job: dict[str, Any]) -> int:
        return int(self.client.rpush(self.key, json.dumps(job, sort_keys=True)))

    def pop(self, timeout: float = 0.2) -> dict[str, Any] | None:
        item = self.client.blpop([self.key], timeout=timeout)
        if item is None:
            return None
        job: dict[str, Any] = json.loads(item[1])
        return job

    def size(self) -> int:
        return int(self.client.llen(self.key))


def drain(queue: WorkQueue, handle: Callable[[dict[str, Any]], None],
          idle_rounds: int = 2) -> threading.Thread:
    """Consume the queue on a thread until it stays empty for ``idle_rounds`` polls."""

    def run() -> None:
        idle = 0
        while idle < idle_rounds:
            job = queue.pop()
            if job is None:
                idle += 1
                continue
            idle = 0
            handle(job)
        log.info("queue %s drained", queue.key)

    thread = threading.Thread(target=run, name=f"drain-{queue.key}", daemon=True)
    thread.start()
    return thread
