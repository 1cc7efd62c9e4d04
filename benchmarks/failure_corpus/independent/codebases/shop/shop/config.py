"""Settings read from the environment of the deployment under test."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class Settings:
    database_url: str
    payments_url: str
    inventory_url: str
    payments_api_key: str
    http_timeout: float = 2.0
    export_dir: Path = Path("/tmp/shop-exports")

    @classmethod
    def from_env(cls) -> Settings:
        try:
            return cls(
                database_url=os.environ["SHOP_DATABASE_URL"],
                payments_url=os.environ["SHOP_PAYMENTS_URL"],
                inventory_url=os.environ["SHOP_INVENTORY_URL"],
                payments_api_key=os.environ.get("SHOP_PAYMENTS_API_KEY", ""),
                http_timeout=float(os.environ.get("SHOP_HTTP_TIMEOUT", "2.0")),
                export_dir=Path(os.environ.get("SHOP_EXPORT_DIR", "/tmp/shop-exports")),
            )
        except KeyError as missing:
            raise RuntimeError(f"environment variable {missing} is not set; "
                               "source the staging env file before running") from None
