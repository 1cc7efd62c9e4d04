"""Settings of the clinic service, read from CLINIC_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    dsn: str
    insurer_url: str
    insurer_key: str
    notify_url: str
    notify_token: str
    lab_url: str
    lab_token: str
    outbox: Path
    export_dir: Path
    feed_dir: Path
    http_timeout: float
    api_port: int
    render_memory_mb: int

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            dsn=env["CLINIC_DSN"],
            insurer_url=env["CLINIC_INSURER_URL"].rstrip("/"),
            insurer_key=env["CLINIC_INSURER_KEY"],
            notify_url=env["CLINIC_NOTIFY_URL"].rstrip("/"),
            notify_token=env["CLINIC_NOTIFY_TOKEN"],
            lab_url=env["CLINIC_LAB_URL"].rstrip("/"),
            lab_token=env["CLINIC_LAB_TOKEN"],
            outbox=Path(env["CLINIC_OUTBOX"]),
            export_dir=Path(env["CLINIC_EXPORT_DIR"]),
            feed_dir=Path(env["CLINIC_FEED_DIR"]),
            http_timeout=float(env.get("CLINIC_HTTP_TIMEOUT", "0.5")),
            api_port=int(env.get("CLINIC_API_PORT", "8461")),
            render_memory_mb=int(env.get("CLINIC_RENDER_MEMORY_MB", "0")),
        )
