"""Endpoints, tokens and storage paths, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _partner() -> str:
    return os.environ.get("C13_PARTNER", "http://127.0.0.1:57713")


@dataclass(frozen=True)
class Settings:
    """Where the desk lives and how to talk to it."""

    desk_url: str = field(default_factory=lambda: os.environ.get("DESK_URL", _partner() + "/desk"))
    sla_url: str = field(default_factory=lambda: os.environ.get("DESK_SLA_URL", _partner() + "/desk/sla"))
    files_url: str = field(
        default_factory=lambda: os.environ.get("DESK_FILES_URL", _partner() + "/desk/files"))
    read_token: str = field(default_factory=lambda: os.environ.get("DESK_READ_TOKEN", "tk-desk-read"))
    write_token: str = field(
        default_factory=lambda: os.environ.get("DESK_WRITE_TOKEN", "tk-desk-write"))
    timeout: float = float(os.environ.get("DESK_TIMEOUT", "1.0"))
    state_dir: str = field(default_factory=lambda: os.environ.get("C13_STATE", "/tmp"))

    @property
    def cache_db(self) -> str:
        return os.path.join(self.state_dir, "desk-cache.db")

    @property
    def archive_db(self) -> str:
        return os.path.join(self.state_dir, "desk-archive.db")
