from __future__ import annotations

from dockbal import config
from dockbal.cache import FillCache

from .conftest import station


def test_cache_fill_ratios(settings: config.Settings) -> None:
    cache = FillCache(settings.redis_url)
    assert cache.store([station("CT-01", 20, 5), station("CT-02", 10, 10)]) == 2
    assert cache.fill("CT-01") == 0.25


def test_cached_fill_expires(settings: config.Settings) -> None:
    cache = FillCache(settings.redis_url, ttl=120)
    cache.store([station("HB-01", 12, 3)])
    assert 0 < cache.ttl_of("HB-01") <= 120
