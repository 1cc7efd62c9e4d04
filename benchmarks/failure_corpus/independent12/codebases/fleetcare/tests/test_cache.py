import pytest
import redis

from fleetcare.cache import StatusCache


@pytest.mark.parametrize("vin,status", [
    ("WVN0001", {"state": "in_service", "bay": 3}),
    ("WVN0002", {"state": "on_road", "bay": None}),
    ("WTR0003", {"state": "awaiting_parts", "bay": 1, "sku": "GSK-110"}),
])
def test_status_round_trip(cache_client: redis.Redis, vin: str, status: dict[str, object]) -> None:
    cache = StatusCache(cache_client)
    cache.put(vin, status)
    assert cache.get(vin) == status


def test_unknown_vehicle_has_no_status(cache_client: redis.Redis) -> None:
    assert StatusCache(cache_client).get("NOPE") is None


def test_status_expires(cache_client: redis.Redis) -> None:
    cache = StatusCache(cache_client, ttl=30)
    cache.put("WVN0001", {"state": "x"})
    assert 0 < cache_client.ttl("fleet:status:WVN0001") <= 30


@pytest.mark.parametrize("depot", ["NORTH", "WEST"])
def test_counters(cache_client: redis.Redis, depot: str) -> None:
    cache = StatusCache(cache_client)
    cache.bump_counter(depot, "opened", 3)
    cache.bump_counter(depot, "closed")
    assert cache.counters(depot) == {"opened": 3, "closed": 1}
