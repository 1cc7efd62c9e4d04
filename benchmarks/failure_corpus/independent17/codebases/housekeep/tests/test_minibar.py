from __future__ import annotations

from housekeep import config
from housekeep.minibar import restock, restock_total


def test_restock_minibar(settings: config.Settings) -> None:
    assert restock(settings.minibar_redis_url, 207, {"water": 2, "crisps": 1}) == 2


def test_restock_total(settings: config.Settings) -> None:
    restock(settings.minibar_redis_url, 208, {"water": 2, "juice": 3})
    assert restock_total(settings.minibar_redis_url, 208) == 5
