import redis

from docketline.cache import DocketCache, NoticeQueue


def test_docket_round_trip(rcache: redis.Redis, uid: str) -> None:
    c = DocketCache(rcache)
    c.put(f"CV-{uid}", [{"seq": 1, "document_type": "MOTION"}])
    assert c.get(f"CV-{uid}") == [{"seq": 1, "document_type": "MOTION"}]


def test_missing_docket(rcache: redis.Redis, uid: str) -> None:
    assert DocketCache(rcache).get(f"CV-{uid}") is None


def test_invalidate(rcache: redis.Redis, uid: str) -> None:
    c = DocketCache(rcache)
    c.put(f"CV-{uid}", [])
    assert c.invalidate(f"CV-{uid}") is True
    assert c.get(f"CV-{uid}") is None


def test_docket_expires(rcache: redis.Redis, uid: str) -> None:
    c = DocketCache(rcache, ttl=120)
    c.put(f"CV-{uid}", [])
    assert 0 < rcache.ttl(c.key(f"CV-{uid}")) <= 120


def test_queue_is_first_in_first_out(rcache: redis.Redis, uid: str) -> None:
    q = NoticeQueue(rcache, f"notices-{uid}")
    q.push({"n": 1})
    q.push({"n": 2})
    assert [q.pop(), q.pop(), q.pop(timeout=0.1)] == [{"n": 1}, {"n": 2}, None]
