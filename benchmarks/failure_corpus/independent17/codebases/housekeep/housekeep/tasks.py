"""Room tasks on a Redis stream, and the planner's lock."""

from __future__ import annotations

import redis


class PlannerBusy(Exception):
    """Another planner run holds the lock."""


def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=2)


def publish_task(conn: redis.Redis, room: int, kind: str) -> str:
    return str(conn.xadd("hk:tasks", {"room": room, "kind": kind}))


def take_tasks(conn: redis.Redis, consumer: str, count: int) -> list[dict[str, str]]:
    try:
        conn.xgroup_create("hk:tasks", "attendants", id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise
    batches = conn.xreadgroup("attendants", consumer, {"hk:tasks": ">"}, count=count)
    return [fields for _stream, entries in batches for _id, fields in entries]


def plan_with_lock(conn: redis.Redis, floor: int) -> str:
    """Run the floor planner under a lock so two planners never split one floor."""
    if not conn.set(f"hk:lock:planner:{floor}", "planner", nx=True, ex=30):
        raise PlannerBusy(f"floor {floor} is being planned by another run")
    try:
        return f"floor {floor} planned"
    finally:
        conn.delete(f"hk:lock:planner:{floor}")
