"""Collector settings from ``GH_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class CollectorSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GH_")

    poll_seconds: int = 30
    site: str = "greenhouse-2"


def load() -> CollectorSettings:
    return CollectorSettings()
