from __future__ import annotations

from datetime import UTC, datetime

from greenhouse import cache
from greenhouse.models import Alarm, Reading

AT = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def test_latest_reading_cached() -> None:
    cache.store_latest(Reading(sensor_id="t-71", kind="temp", value=19.5, at=AT))
    latest = cache.latest("t-71")
    assert latest is not None and latest.value == 19.5


def test_cache_expiry() -> None:
    cache.store_latest(Reading(sensor_id="t-72", kind="temp", value=18.0, at=AT), ttl=120)
    assert 0 < cache.ttl_of("t-72") <= 120


def test_vent_lock_free() -> None:
    assert cache.with_vent_lock("north") is True


def test_alarm_queue_roundtrip() -> None:
    cache.push_alarm(Alarm(zone="south", code="HT02", severity=3))
    assert Alarm(zone="south", code="HT02", severity=3) in cache.drain_alarms()
