"""The lobby status board, fed through its own Redis."""

from __future__ import annotations

import redis


def post_status(url: str, room: int, status: str) -> None:
    conn = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2)
    try:
        conn.hset("board:rooms", str(room), status)
        conn.publish("board:updates", f"{room}:{status}")
    finally:
        conn.close()


def board(url: str) -> dict[str, str]:
    conn = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2)
    try:
        return dict(conn.hgetall("board:rooms"))
    finally:
        conn.close()
