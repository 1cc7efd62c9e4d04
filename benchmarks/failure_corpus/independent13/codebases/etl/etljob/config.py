"""Paths and endpoints of the job, from the environment."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def state() -> Path:
    return Path(os.environ.get("C13_STATE", "/tmp"))


def inbox() -> Path:
    return Path(os.environ.get("ETL_INBOX", str(ROOT / "data")))


def export_dir() -> Path:
    return Path(os.environ.get("ETL_EXPORT_DIR", str(state() / "exports")))


def archive_dir() -> Path:
    return Path(os.environ.get("ETL_ARCHIVE_DIR", str(state() / "archive")))


def spool_dir() -> Path:
    return Path(os.environ.get("ETL_SPOOL_DIR", str(state())))


def feed_url() -> str:
    return os.environ.get("ETL_FEED_URL", os.environ.get("C13_PARTNER", "http://127.0.0.1:57713") + "/feed")


def mirror_url() -> str:
    return os.environ.get("ETL_MIRROR_URL", feed_url())


def feed_token() -> str:
    return os.environ.get("ETL_FEED_TOKEN", "tk-feed")
