"""Where the pipeline finds its feeds, warehouse, rates service and spool."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class IngestConfig:
    feed_dir: Path
    warehouse: Path
    rates_url: str
    rates_token: str
    spool_dir: Path
    rates_timeout: float = 0.5

    @classmethod
    def from_env(cls) -> IngestConfig:
        env = os.environ
        return cls(feed_dir=Path(env["INGEST_FEED_DIR"]),
                   warehouse=Path(env["INGEST_WAREHOUSE"]),
                   rates_url=env["INGEST_RATES_URL"],
                   rates_token=env.get("INGEST_RATES_TOKEN", ""),
                   spool_dir=Path(env.get("INGEST_SPOOL_DIR", "/tmp/ingest-spool")),
                   rates_timeout=float(env.get("INGEST_RATES_TIMEOUT", "0.5")))
