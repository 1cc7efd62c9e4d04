"""Settings of the lending service, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class Settings:
    dsn: str
    catalogue_url: str
    catalogue_token: str
    notices_url: str
    notices_key: str
    export_dir: Path
    spool_dir: Path
    feed_path: Path

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            dsn=env["LENDING_DSN"],
            catalogue_url=env["CATALOGUE_URL"].rstrip("/"),
            catalogue_token=env["CATALOGUE_TOKEN"],
            notices_url=env["NOTICES_URL"].rstrip("/"),
            notices_key=env["NOTICES_KEY"],
            export_dir=Path(env["LENDING_EXPORT_DIR"]),
            spool_dir=Path(env["LENDING_SPOOL_DIR"]),
            feed_path=Path(env["LENDING_FEED"]),
        )
