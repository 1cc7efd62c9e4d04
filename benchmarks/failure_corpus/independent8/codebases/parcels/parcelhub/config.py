"""Settings read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where the hub's database, partners and file drops are."""

    depot_db: Path
    carrier_url: str
    carrier_token: str
    rates_url: str
    rates_key: str
    http_timeout: float
    inbox: Path
    outbox: Path
    db_timeout: float
    status_port: int

    @classmethod
    def from_env(cls) -> Settings:
        """Read the settings from ``PARCELS_*`` variables."""
        env = os.environ
        return cls(
            depot_db=Path(env.get("PARCELS_DEPOT_DB", "depot.db")),
            carrier_url=env.get("PARCELS_CARRIER_URL", "http://127.0.0.1:8701").rstrip("/"),
            carrier_token=env.get("PARCELS_CARRIER_TOKEN", ""),
            rates_url=env.get("PARCELS_RATES_URL", "http://127.0.0.1:8702").rstrip("/"),
            rates_key=env.get("PARCELS_RATES_KEY", ""),
            http_timeout=float(env.get("PARCELS_HTTP_TIMEOUT", "1.5")),
            inbox=Path(env.get("PARCELS_INBOX", "inbox")),
            outbox=Path(env.get("PARCELS_OUTBOX", "outbox")),
            db_timeout=float(env.get("PARCELS_DB_TIMEOUT", "0.5")),
            status_port=int(env.get("PARCELS_STATUS_PORT", "8711")),
        )
