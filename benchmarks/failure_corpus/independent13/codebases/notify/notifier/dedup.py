"""De-duplication and rate limits in Redis (one ACL user each)."""

from __future__ import annotations

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from notifier import config

USERS = {"dedup": "dd-pass", "ratelimit": "rl-pass"}


def client(kind: str) -> redis.Redis:
    password = config.env(f"NOTIFY_{kind.upper()}_PASSWORD", USERS[kind])
    return redis.Redis(port=config.redis_port(kind), username=kind, password=password, socket_timeout=1.0,
                       socket_connect_timeout=1.0, retry=Retry(NoBackoff(), 0))


def dedup_key(event: dict[str, str]) -> str:
    return "dd:" + ":".join(event[k].strip().lower() for k in ("source", "kind", "subject"))


def first_seen(event: dict[str, str], window: int = 300) -> bool:
    return bool(client("dedup").set(dedup_key(event), 1, nx=True, ex=window))


def allow(recipient: str, limit: int = 3, window: int = 60) -> bool:
    r = client("ratelimit")
    key = f"rl:{recipient}"
    count = int(r.incr(key))
    if count == 1:
        r.expire(key, window)
    return count <= limit
