"""Endpoints and credentials, from the environment."""

from __future__ import annotations

import os


def env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def partner() -> str:
    return env("C13_PARTNER", "http://127.0.0.1:57713")


def smtp_port() -> int:
    return int(env("NOTIFY_SMTP_PORT", env("C13_SMTP_PORT", "57714")))


def backup_relay_port() -> int:
    return int(env("NOTIFY_RELAY2_PORT", str(smtp_port())))


def redis_port(kind: str) -> int:
    return int(env(f"NOTIFY_{kind.upper()}_PORT", env("C13_REDIS_PORT", "56713")))


def state_dir() -> str:
    return env("C13_STATE", "/tmp")
