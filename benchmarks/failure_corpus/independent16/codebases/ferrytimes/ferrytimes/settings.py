"""Settings read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where the publisher's stores and partners are."""

    pg_host: str
    pg_port: int
    pg_database: str
    passwords: dict[str, str]
    replica_host: str
    replica_port: int
    redis_url: str
    archive_path: Path
    feed_dir: Path
    berths_url: str
    weather_url: str
    planner_url: str
    operator_urls: dict[str, str] = field(default_factory=dict)
    partner_token: str = ""
    partner_timeout: float = 1.0
    lock_timeout_ms: int = 500

    @classmethod
    def from_env(cls) -> Settings:
        """Reads ``FERRY_*`` variables."""
        env = os.environ
        operators = {}
        for item in env.get("FERRY_OPERATOR_URLS", "").split(","):
            if "=" in item:
                name, url = item.split("=", 1)
                operators[name.strip()] = url.strip()
        return cls(
            pg_host=env.get("FERRY_PG_HOST", "127.0.0.1"),
            pg_port=int(env.get("FERRY_PG_PORT", "5432")),
            pg_database=env.get("FERRY_PG_DATABASE", "ferrytimes"),
            passwords={role: env.get(f"FERRY_{role.upper()}_PASSWORD", "")
                       for role in ("app", "report", "publisher", "pricing")},
            replica_host=env.get("FERRY_REPLICA_HOST", env.get("FERRY_PG_HOST", "127.0.0.1")),
            replica_port=int(env.get("FERRY_REPLICA_PORT", env.get("FERRY_PG_PORT", "5432"))),
            redis_url=env.get("FERRY_REDIS_URL", "redis://127.0.0.1:6379/0"),
            archive_path=Path(env.get("FERRY_ARCHIVE", "archive.sqlite3")),
            feed_dir=Path(env.get("FERRY_FEED_DIR", "feeds")),
            berths_url=env.get("FERRY_BERTHS_URL", ""),
            weather_url=env.get("FERRY_WEATHER_URL", ""),
            planner_url=env.get("FERRY_PLANNER_URL", ""),
            operator_urls=operators,
            partner_token=env.get("FERRY_PARTNER_TOKEN", ""),
            partner_timeout=float(env.get("FERRY_PARTNER_TIMEOUT", "1.0")),
            lock_timeout_ms=int(env.get("FERRY_LOCK_TIMEOUT_MS", "500")),
        )
