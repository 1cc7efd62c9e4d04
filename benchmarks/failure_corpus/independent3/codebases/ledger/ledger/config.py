"""Settings of the ledger, read from LEDGER_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    database: Path
    redis_url: str
    supplier_url: str
    supplier_key: str
    s3_endpoint: str
    bucket: str
    spool_dir: Path
    http_timeout: float


def load() -> Settings:
    """Settings of this process; every variable is required except the timeout."""
    env = os.environ
    return Settings(
        database=Path(env["LEDGER_DATABASE"]),
        redis_url=env["LEDGER_REDIS_URL"],
        supplier_url=env["LEDGER_SUPPLIER_URL"].rstrip("/"),
        supplier_key=env["LEDGER_SUPPLIER_KEY"],
        s3_endpoint=env["LEDGER_S3_ENDPOINT"],
        bucket=env["LEDGER_BUCKET"],
        spool_dir=Path(env["LEDGER_SPOOL_DIR"]),
        http_timeout=float(env.get("LEDGER_HTTP_TIMEOUT", "0.5")),
    )
