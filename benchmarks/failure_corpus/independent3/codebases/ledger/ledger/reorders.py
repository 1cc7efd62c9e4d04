"""The reorder queue: a Redis list of reorder requests consumed by a worker."""

from __future__ import annotations

import json

import redis

from ledger.errors import CacheUnavailable

QUEUE = "ledger:reorders"


def enqueue(client: redis.Redis, sku: str, qty: int) -> int:
    try:
        return int(client.lpush(QUEUE, json.dumps({"sku": sku, "qty": qty})))
    except redis.RedisError as exc:
        raise CacheUnavailable(f"cannot queue the reorder of {sku}: {exc}") from exc


def take(client: redis.Redis, wait: float = 0) -> dict | None:
    """The oldest reorder request; blocks up to ``wait`` seconds (0: until one comes)."""
    try:
        item = client.brpop([QUEUE], timeout=wait)
    except redis.RedisError as exc:
        raise CacheUnavailable(f"cannot read the reorder queue: {exc}") from exc
    return None if item is None else json.loads(item[1])


def drain(client: redis.Redis) -> list[dict]:
    """Every queued request, oldest first, without blocking."""
    requests = []
    while client.llen(QUEUE):
        item = take(client, wait=0)
        if item is not None:
            requests.append(item)
    return requests
