"""The Redis timetable cache."""

from __future__ import annotations

from typing import Any

from ferrytimes.cache import TTL_SECONDS, TimetableCache


def test_miss_renders_and_stores(cache: TimetableCache) -> None:
    value = cache.get_or_render("2026-06-01", lambda: [{"route": "ULL-STO"}])
    assert value == [{"route": "ULL-STO"}]
    assert cache.client.exists(cache.key("2026-06-01")) == 1


def test_hit_skips_render(cache: TimetableCache) -> None:
    calls: list[int] = []

    def render() -> list[dict[str, Any]]:
        calls.append(1)
        return [{"route": "OBA-STO"}]

    cache.get_or_render("2026-06-02", render)
    cache.get_or_render("2026-06-02", render)
    assert calls == [1]


def test_invalidate(cache: TimetableCache) -> None:
    cache.get_or_render("2026-06-03", lambda: [])
    assert cache.invalidate("2026-06-03") is True
    assert cache.invalidate("2026-06-03") is False


def test_version_increments(cache: TimetableCache) -> None:
    assert [cache.bump_version() for _ in range(3)] == [1, 2, 3]


def test_publish_lock_exclusive(cache: TimetableCache) -> None:
    first = cache.publish_lock()
    assert first.acquire()
    second = cache.publish_lock()
    assert second.acquire() is False
    first.release()


def test_ttl_set(cache: TimetableCache) -> None:
    cache.get_or_render("2026-06-04", lambda: [{"route": "ULL-STO"}])
    assert 0 < cache.client.ttl(cache.key("2026-06-04")) <= TTL_SECONDS
