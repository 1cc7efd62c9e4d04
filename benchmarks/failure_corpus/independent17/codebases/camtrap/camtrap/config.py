"""Settings read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    db: str
    journal_db: str
    inbox: str
    export_dir: str
    species_url: str
    species_token: str
    sites_url: str
    permits_url: str
    sun_host: str
    sun_port: int
    timeout: float


def load() -> Settings:
    return Settings(
        db=os.environ["CAMTRAP_DB"],
        journal_db=os.environ["CAMTRAP_JOURNAL_DB"],
        inbox=os.environ["CAMTRAP_INBOX"],
        export_dir=os.environ["CAMTRAP_EXPORT_DIR"],
        species_url=os.environ["CAMTRAP_SPECIES_URL"],
        species_token=os.environ["CAMTRAP_SPECIES_TOKEN"],
        sites_url=os.environ["CAMTRAP_SITES_URL"],
        permits_url=os.environ["CAMTRAP_PERMITS_URL"],
        sun_host=os.environ["CAMTRAP_SUN_HOST"],
        sun_port=int(os.environ["CAMTRAP_SUN_PORT"]),
        timeout=float(os.environ.get("CAMTRAP_TIMEOUT", "1.0")),
    )
