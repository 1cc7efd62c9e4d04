"""Recent fill ratios kept in Redis for the dashboard."""

from __future__ import annotations

import redis

from dockbal.feed import StationStatus


class FillCache:
    def __init__(self, url: str, ttl: int = 300) -> None:
        self.client = redis.Redis.from_url(url, socket_connect_timeout=1, decode_responses=True)
        self.ttl = ttl

    def store(self, stations: list[StationStatus]) -> int:
        with self.client.pipeline() as pipe:
            for station in stations:
                pipe.set(f"dock:fill:{station.code}", f"{station.fill_ratio:.3f}", ex=self.ttl)
            pipe.execute()
        return len(stations)

    def fill(self, code: str) -> float | None:
        value = self.client.get(f"dock:fill:{code}")
        return float(value) if value is not None else None

    def ttl_of(self, code: str) -> int:
        return int(self.client.ttl(f"dock:fill:{code}"))
