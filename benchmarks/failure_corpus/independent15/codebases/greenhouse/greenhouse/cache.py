"""Redis: latest readings, the vent actuator lock and the alarm queue."""

from __future__ import annotations

import os

import redis

from greenhouse.models import Alarm, Reading

DEFAULT = "redis://:greenhouse-redis-7@127.0.0.1:56315/0"


def _client(setting: str) -> redis.Redis:
    return redis.Redis.from_url(
        os.environ.get(setting, DEFAULT), socket_connect_timeout=2, decode_responses=True
    )


def store_latest(reading: Reading, ttl: int = 300) -> None:
    """Keep the newest reading of each sensor for the dashboard."""
    _client("GH_REDIS_URL").set(f"gh:latest:{reading.sensor_id}", reading.model_dump_json(), ex=ttl)


def latest(sensor_id: str) -> Reading | None:
    raw = _client("GH_REDIS_URL").get(f"gh:latest:{sensor_id}")
    return None if raw is None else Reading.model_validate_json(str(raw))


def ttl_of(sensor_id: str) -> int:
    return int(_client("GH_REDIS_URL").ttl(f"gh:latest:{sensor_id}"))


def with_vent_lock(zone: str) -> bool:
    """Take and release the actuator lock of ``zone``; True when it was free."""
    client = _client("GH_LOCK_REDIS_URL")
    lock = client.lock(f"gh:vent:{zone}", timeout=5, blocking_timeout=1)
    if not lock.acquire():
        return False
    lock.release()
    return True


def push_alarm(alarm: Alarm) -> None:
    _client("GH_QUEUE_REDIS_URL").rpush("gh:alarms", alarm.model_dump_json())


def drain_alarms() -> list[Alarm]:
    """Every queued alarm, oldest first."""
    client = _client("GH_QUEUE_REDIS_URL")
    raw_items = client.lrange("gh:alarms", 0, -1)
    alarms = [Alarm.model_validate_json(str(raw)) for raw in raw_items]
    client.ltrim("gh:alarms", len(raw_items), -1)
    return alarms
