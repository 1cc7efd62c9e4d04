"""Settings read from the environment the service is deployed into."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where the service finds its database, partners and volumes."""

    dsn: str
    reports_dsn: str
    archive_dsn: str
    tax_url: str
    tax_key: str
    bank_url: str
    bank_token: str
    data_dir: Path
    out_dir: Path
    http_timeout: float
    render_cmd: tuple[str, ...]


def load() -> Settings:
    """Read the settings from ``PAYRUN_*`` variables."""
    env = os.environ
    render = env.get("PAYRUN_RENDER_CMD", "")
    return Settings(
        dsn=env["PAYRUN_DSN"],
        reports_dsn=env.get("PAYRUN_REPORTS_DSN", env["PAYRUN_DSN"]),
        archive_dsn=env["PAYRUN_ARCHIVE_DSN"],
        tax_url=env["PAYRUN_TAX_URL"].rstrip("/"),
        tax_key=env.get("PAYRUN_TAX_KEY", ""),
        bank_url=env["PAYRUN_BANK_URL"].rstrip("/"),
        bank_token=env.get("PAYRUN_BANK_TOKEN", ""),
        data_dir=Path(env["PAYRUN_DATA_DIR"]),
        out_dir=Path(env["PAYRUN_OUT_DIR"]),
        http_timeout=float(env.get("PAYRUN_HTTP_TIMEOUT", "1.0")),
        render_cmd=tuple(render.split()) if render else (),
    )
