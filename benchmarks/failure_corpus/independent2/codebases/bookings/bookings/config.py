"""Settings read from BOOKINGS_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    database_url: str
    pricing_url: str
    pricing_token: str
    notify_url: str
    notify_token: str
    timeout: float
    cache_dir: Path
    export_dir: Path


def load() -> Settings:
    """Settings of this process; a missing variable names itself."""
    def need(name: str) -> str:
        value = os.environ.get(name)
        if not value:
            raise RuntimeError(f"set {name} (see the deployment's bookings.env)")
        return value

    return Settings(
        database_url=need("BOOKINGS_DATABASE_URL"),
        pricing_url=need("BOOKINGS_PRICING_URL"),
        pricing_token=need("BOOKINGS_PRICING_TOKEN"),
        notify_url=need("BOOKINGS_NOTIFY_URL"),
        notify_token=need("BOOKINGS_NOTIFY_TOKEN"),
        timeout=float(os.environ.get("BOOKINGS_HTTP_TIMEOUT", "2")),
        cache_dir=Path(need("BOOKINGS_CACHE_DIR")),
        export_dir=Path(need("BOOKINGS_EXPORT_DIR")),
    )
