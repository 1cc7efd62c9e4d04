import threading

from clinic.cache import SlotCache


def test_loads_once():
    cache = SlotCache()
    calls = []

    def load():
        calls.append(1)
        return ["09:00", "09:15"]

    assert cache.get_or_load("DR-OSEI", load) == ["09:00", "09:15"]
    assert cache.get_or_load("DR-OSEI", load) == ["09:00", "09:15"]
    assert len(calls) == 1


def test_concurrent_loaders_share_result():
    cache = SlotCache()
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        cache.get_or_load("DR-HALE", lambda: ["10:00"])), daemon=True) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [["10:00"]] * 5


def test_invalidate_reloads():
    cache = SlotCache()
    cache.get_or_load("DR-VIDAL", lambda: ["11:00"])
    cache.invalidate("DR-VIDAL")
    assert cache.get_or_load("DR-VIDAL", lambda: ["12:00"]) == ["12:00"]
