from pathlib import Path

import redis

from docketline.cache import NoticeQueue
from docketline.notify import OutboxWorker, read_outbox


def test_worker_writes_queued_notices(rcache: redis.Redis, uid: str, outbox: Path) -> None:
    q = NoticeQueue(rcache, f"notices-{uid}")
    for n in range(3):
        q.push({"case": f"CV-{uid}", "n": n})
    worker = OutboxWorker(q, outbox)
    worker.start()
    try:
        assert worker.drain() == 3
    finally:
        worker.stop()
    assert [r["n"] for r in read_outbox(outbox)] == [0, 1, 2]


def test_worker_idle_on_empty_queue(rcache: redis.Redis, uid: str, outbox: Path) -> None:
    worker = OutboxWorker(NoticeQueue(rcache, f"notices-{uid}"), outbox)
    worker.start()
    try:
        assert worker.drain() == 0
    finally:
        worker.stop()
    assert read_outbox(outbox) == []


def test_outbox_appends_across_workers(rcache: redis.Redis, uid: str, outbox: Path) -> None:
    q = NoticeQueue(rcache, f"notices-{uid}")
    for n in range(2):
        q.push({"n": n})
        worker = OutboxWorker(q, outbox)
        worker.start()
        try:
            worker.drain()
        finally:
            worker.stop()
    assert len(read_outbox(outbox)) == 2
