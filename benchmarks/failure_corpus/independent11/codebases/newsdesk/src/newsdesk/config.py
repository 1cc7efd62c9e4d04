"""Settings read from the environment."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where the newsdesk finds its database, partners and volumes."""

    dsn: str
    archive_dsn: str
    reports_dsn: str
    agency_urls: dict[str, str] = field(default_factory=dict)
    syndication_url: str = ""
    syndication_token: str = ""
    photos_url: str = ""
    outbox_dir: Path = Path("outbox")
    inbox_dir: Path = Path("inbox")
    partner_timeout: float = 1.0

    @classmethod
    def from_env(cls) -> Settings:
        """Build the settings from ``NEWSDESK_*`` variables."""
        env = os.environ
        return cls(
            dsn=env["NEWSDESK_DSN"],
            archive_dsn=env["NEWSDESK_ARCHIVE_DSN"],
            reports_dsn=env["NEWSDESK_REPORTS_DSN"],
            agency_urls=json.loads(env.get("NEWSDESK_AGENCY_URLS", "{}")),
            syndication_url=env.get("NEWSDESK_SYNDICATION_URL", ""),
            syndication_token=env.get("NEWSDESK_SYNDICATION_TOKEN", ""),
            photos_url=env.get("NEWSDESK_PHOTOS_URL", ""),
            outbox_dir=Path(env.get("NEWSDESK_OUTBOX", "outbox")),
            inbox_dir=Path(env.get("NEWSDESK_INBOX", "inbox")),
            partner_timeout=float(env.get("NEWSDESK_PARTNER_TIMEOUT", "1.0")),
        )
