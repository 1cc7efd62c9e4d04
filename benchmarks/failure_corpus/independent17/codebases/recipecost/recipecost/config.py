"""Settings read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    dsn: str
    replica_dsn: str
    reporting_dsn: str
    batch_dsn: str
    supplier_url: str
    supplier_b_url: str
    spool_dir: str
    price_file: str
    timeout: float


def load() -> Settings:
    return Settings(
        dsn=os.environ["PG_DSN"],
        replica_dsn=os.environ.get("PG_REPLICA_DSN", os.environ["PG_DSN"]),
        reporting_dsn=os.environ["PG_REPORTING_DSN"],
        batch_dsn=os.environ["PG_BATCH_DSN"],
        supplier_url=os.environ["RECIPE_SUPPLIER_URL"],
        supplier_b_url=os.environ["RECIPE_SUPPLIER_B_URL"],
        spool_dir=os.environ["RECIPE_SPOOL_DIR"],
        price_file=os.environ["RECIPE_PRICE_FILE"],
        timeout=float(os.environ.get("RECIPE_HTTP_TIMEOUT", "1.0")),
    )
