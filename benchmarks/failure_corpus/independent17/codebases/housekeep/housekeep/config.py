"""Settings read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    db: str
    pms_url: str
    laundry_url: str
    uniform_url: str
    redis_url: str
    minibar_redis_url: str
    board_redis_url: str
    smtp_host: str
    relay_port: int
    guest_port: int
    ops_port: int
    lostfound_port: int
    smtp_user: str
    smtp_password: str
    hotel_tz: str
    timeout: float


def load() -> Settings:
    return Settings(
        db=os.environ["HK_DB"],
        pms_url=os.environ["HK_PMS_URL"],
        laundry_url=os.environ["HK_LAUNDRY_URL"],
        uniform_url=os.environ["HK_UNIFORM_URL"],
        redis_url=os.environ["HK_REDIS_URL"],
        minibar_redis_url=os.environ["HK_MINIBAR_REDIS_URL"],
        board_redis_url=os.environ["HK_BOARD_REDIS_URL"],
        smtp_host=os.environ.get("HK_SMTP_HOST", "127.0.0.1"),
        relay_port=int(os.environ["HK_RELAY_PORT"]),
        guest_port=int(os.environ["HK_GUEST_PORT"]),
        ops_port=int(os.environ["HK_OPS_PORT"]),
        lostfound_port=int(os.environ["HK_LOSTFOUND_PORT"]),
        smtp_user=os.environ["HK_SMTP_USER"],
        smtp_password=os.environ["HK_SMTP_PASSWORD"],
        hotel_tz=os.environ.get("HK_HOTEL_TZ", "Europe/Lisbon"),
        timeout=float(os.environ.get("HK_TIMEOUT", "1.0")),
    )
