from __future__ import annotations

from housekeep import config
from housekeep.board import board, post_status


def test_post_room_status(settings: config.Settings) -> None:
    post_status(settings.board_redis_url, 101, "ready")
    assert board(settings.board_redis_url)["101"] == "ready"


def test_board_keeps_latest_status(settings: config.Settings) -> None:
    post_status(settings.board_redis_url, 102, "cleaning")
    post_status(settings.board_redis_url, 102, "inspected")
    assert board(settings.board_redis_url)["102"] == "inspected"
