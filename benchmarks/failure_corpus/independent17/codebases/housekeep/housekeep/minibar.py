"""Minibar restock counts, kept in Redis under the minibar service's own user."""

from __future__ import annotations

import redis


def restock(url: str, room: int, items: dict[str, int]) -> int:
    conn = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2)
    try:
        for item, count in items.items():
            conn.hincrby(f"minibar:room:{room}", item, count)
        return len(conn.hgetall(f"minibar:room:{room}"))
    finally:
        conn.close()


def restock_total(url: str, room: int) -> int:
    conn = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2)
    try:
        return sum(int(v) for v in conn.hgetall(f"minibar:room:{room}").values())
    finally:
        conn.close()
