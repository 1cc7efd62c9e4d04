"""Settings read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where the service finds its database, cache, partners and volumes."""

    pg_host: str
    pg_port: int
    pg_database: str
    app_user: str
    app_password: str
    reports_host: str
    reports_port: int
    reports_user: str
    reports_password: str
    redis_url: str
    payments_url: str
    payments_token: str
    bar_registry_url: str
    bar_registry_token: str
    http_timeout: float
    spool_dir: Path
    outbox_dir: Path
    archive_dir: Path
    portal_drop: Path

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from DOCKETLINE_* variables."""
        e = dict(os.environ if env is None else env)
        pg_host = e.get("DOCKETLINE_PG_HOST", "127.0.0.1")
        pg_port = int(e.get("DOCKETLINE_PG_PORT", "5432"))
        return cls(
            pg_host=pg_host,
            pg_port=pg_port,
            pg_database=e.get("DOCKETLINE_PG_DATABASE", "docketline"),
            app_user=e.get("DOCKETLINE_APP_USER", "docket_app"),
            app_password=e.get("DOCKETLINE_APP_PASSWORD", ""),
            reports_host=e.get("DOCKETLINE_REPORTS_HOST", pg_host),
            reports_port=int(e.get("DOCKETLINE_REPORTS_PORT", str(pg_port))),
            reports_user=e.get("DOCKETLINE_REPORTS_USER", "docket_reports"),
            reports_password=e.get("DOCKETLINE_REPORTS_PASSWORD", ""),
            redis_url=e.get("DOCKETLINE_REDIS_URL", "redis://127.0.0.1:6379/0"),
            payments_url=e.get("DOCKETLINE_PAYMENTS_URL", "http://127.0.0.1:8081"),
            payments_token=e.get("DOCKETLINE_PAYMENTS_TOKEN", ""),
            bar_registry_url=e.get("DOCKETLINE_BAR_REGISTRY_URL", "http://127.0.0.1:8082"),
            bar_registry_token=e.get("DOCKETLINE_BAR_REGISTRY_TOKEN", ""),
            http_timeout=float(e.get("DOCKETLINE_HTTP_TIMEOUT", "1.0")),
            spool_dir=Path(e.get("DOCKETLINE_SPOOL_DIR", "/var/spool/docketline")),
            outbox_dir=Path(e.get("DOCKETLINE_OUTBOX_DIR", "/var/spool/docketline/outbox")),
            archive_dir=Path(e.get("DOCKETLINE_ARCHIVE_DIR", "/var/lib/docketline/archive")),
            portal_drop=Path(e.get("DOCKETLINE_PORTAL_DROP", "/var/lib/docketline/portal")),
        )
