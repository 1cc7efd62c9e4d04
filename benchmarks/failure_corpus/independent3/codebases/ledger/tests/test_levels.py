import threading

from ledger.levels import LevelCache


def test_put_then_get(rclient):
    cache = LevelCache(rclient)
    cache.put("SKU-A", 17)
    assert cache.get("SKU-A") == 17


def test_missing_is_none(rclient):
    assert LevelCache(rclient).get("SKU-NOPE") is None


def test_invalidate(rclient):
    cache = LevelCache(rclient)
    cache.put("SKU-B", 3)
    cache.invalidate("SKU-B")
    assert cache.get("SKU-B") is None


def test_ttl_set(rclient):
    LevelCache(rclient, ttl=30).put("SKU-C", 1)
    assert 0 < rclient.ttl("level:SKU-C") <= 30


def test_get_or_load_loads_once(rclient):
    cache = LevelCache(rclient)
    calls = []

    def load():
        calls.append(1)
        return 99

    threads = [threading.Thread(target=cache.get_or_load, args=("SKU-D", load),
                                daemon=True)
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("SKU-D") == 99
    assert len(calls) == 1
