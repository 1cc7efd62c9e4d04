import threading

import pytest
import redis

from fleetcare.cache import SchedulingLock


@pytest.mark.parametrize("depot", ["NORTH", "WEST", "SOUTH"])
def test_lock_acquire_release(cache_client: redis.Redis, depot: str) -> None:
    lock = SchedulingLock(cache_client, depot)
    lock.acquire()
    assert lock.release() is True


@pytest.mark.parametrize("depot", ["WEST", "EAST"])
def test_second_scheduler_waits(cache_client: redis.Redis, depot: str) -> None:
    first = SchedulingLock(cache_client, depot, lease_ms=2_000)
    second = SchedulingLock(cache_client, depot)
    order: list[str] = []
    with first:
        waiter = threading.Thread(target=lambda: (second.acquire(), order.append("second")))
        waiter.start()
        waiter.join(0.2)
        order.append("first")
    waiter.join(3)
    second.release()
    assert order == ["first", "second"]
