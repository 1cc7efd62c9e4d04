"""Settings read from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where the service finds its stores, partners and files."""

    cache_url: str
    queue_url: str
    parts_url: str
    parts_key: str
    telematics_url: str
    telematics_token: str
    inbox_dir: Path
    export_dir: Path
    history_db: Path
    rules_file: Path
    roster_file: Path
    depots_file: Path
    migrations_skip: frozenset[str]
    planner_cpu_seconds: int
    planner_memory_mb: int
    http_timeout: float


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from ``FLEET_*`` variables."""
    env = os.environ if env is None else env
    skip = env.get("FLEET_MIGRATIONS_SKIP", "")
    return Settings(
        cache_url=env.get("FLEET_CACHE_URL", "redis://127.0.0.1:6379/0"),
        queue_url=env.get("FLEET_QUEUE_URL", "redis://127.0.0.1:6379/1"),
        parts_url=env.get("FLEET_PARTS_URL", "http://127.0.0.1:8081"),
        parts_key=env.get("FLEET_PARTS_KEY", ""),
        telematics_url=env.get("FLEET_TELEMATICS_URL", "http://127.0.0.1:8082"),
        telematics_token=env.get("FLEET_TELEMATICS_TOKEN", ""),
        inbox_dir=Path(env.get("FLEET_INBOX_DIR", "inbox")),
        export_dir=Path(env.get("FLEET_EXPORT_DIR", "exports")),
        history_db=Path(env.get("FLEET_HISTORY_DB", "history.sqlite")),
        rules_file=Path(env.get("FLEET_RULES_FILE", "rules.json")),
        roster_file=Path(env.get("FLEET_ROSTER_FILE", "roster.csv")),
        depots_file=Path(env.get("FLEET_DEPOTS_FILE", "depots.csv")),
        migrations_skip=frozenset(s for s in skip.split(",") if s),
        planner_cpu_seconds=int(env.get("FLEET_PLANNER_CPU_SECONDS", "0")),
        planner_memory_mb=int(env.get("FLEET_PLANNER_MEMORY_MB", "0")),
        http_timeout=float(env.get("FLEET_HTTP_TIMEOUT", "0.5")),
    )
