import threading

import pytest

from bookings.cache import FileCache


@pytest.fixture
def cache(settings, tmp_path_factory):
    root = settings.cache_dir / tmp_path_factory.mktemp("c").name
    yield FileCache(root)


def test_put_then_get(cache):
    cache.put("quote/single", {"nightly_cents": 8000})
    assert cache.get("quote/single") == {"nightly_cents": 8000}


def test_missing_key_is_none(cache):
    assert cache.get("nothing") is None


def test_get_or_compute_computes_once(cache):
    calls = []
    for _ in range(3):
        value = cache.get_or_compute("rates", lambda: calls.append(1) or 42)
    assert value == 42 and len(calls) == 1


def test_expired_entry_is_none(cache):
    cache.ttl = -1
    cache.put("old", 1)
    assert cache.get("old") is None


def test_concurrent_writers(cache):
    threads = [threading.Thread(target=cache.put, args=(f"k{n}", n)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.keys() == sorted(f"k{n}" for n in range(8))
