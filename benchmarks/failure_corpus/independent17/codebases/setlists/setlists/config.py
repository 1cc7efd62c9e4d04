"""Settings read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _sqlalchemy_url(dsn: str) -> str:
    return dsn.replace("postgresql://", "postgresql+psycopg://", 1)


@dataclass(frozen=True)
class Settings:
    db_url: str
    archive_url: str
    partner_url: str
    venues_url: str
    venues_key: str
    ticketing_host: str
    ticketing_port: int
    callback_port: int
    worker_memory_mb: int
    timeout: float


def load() -> Settings:
    return Settings(
        db_url=_sqlalchemy_url(os.environ["PG_DSN"]),
        archive_url=_sqlalchemy_url(os.environ["PG_ARCHIVE_DSN"]),
        partner_url=os.environ["SETLIST_PARTNER_URL"],
        venues_url=os.environ["SETLIST_VENUES_URL"],
        venues_key=os.environ["SETLIST_VENUES_KEY"],
        ticketing_host=os.environ.get("SETLIST_TICKETING_HOST", "127.0.0.1"),
        ticketing_port=int(os.environ["SETLIST_TICKETING_PORT"]),
        callback_port=int(os.environ["SETLIST_CALLBACK_PORT"]),
        worker_memory_mb=int(os.environ.get("SETLIST_WORKER_MEMORY_MB", "4096")),
        timeout=float(os.environ.get("SETLIST_TIMEOUT", "1.0")),
    )
