"""Settings read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    db_url: str
    feed_url: str
    feed_token: str
    dispatch_url: str
    weather_url: str
    redis_url: str
    report_dir: str
    timeout: float


def load() -> Settings:
    """Read the balancer's settings from DOCK_* variables."""
    return Settings(
        db_url=os.environ["DOCK_DB_URL"],
        feed_url=os.environ["DOCK_FEED_URL"],
        feed_token=os.environ.get("DOCK_FEED_TOKEN", ""),
        dispatch_url=os.environ["DOCK_DISPATCH_URL"],
        weather_url=os.environ["DOCK_WEATHER_URL"],
        redis_url=os.environ["DOCK_REDIS_URL"],
        report_dir=os.environ["DOCK_REPORT_DIR"],
        timeout=float(os.environ.get("DOCK_HTTP_TIMEOUT", "1.0")),
    )
