import threading
import time

import pytest

from ledger import reorders, replenish, store


@pytest.fixture
def queue(rclient):
    yield rclient
    rclient.delete(reorders.QUEUE)


def test_enqueue_take_fifo(queue):
    reorders.enqueue(queue, "SKU-1", 5)
    reorders.enqueue(queue, "SKU-2", 7)
    assert reorders.take(queue, wait=1) == {"sku": "SKU-1", "qty": 5}
    assert reorders.take(queue, wait=1) == {"sku": "SKU-2", "qty": 7}


def test_take_waits_for_item(queue):
    def later():
        time.sleep(0.2)
        reorders.enqueue(queue, "SKU-LATE", 1)

    threading.Thread(target=later, daemon=True).start()
    assert reorders.take(queue) == {"sku": "SKU-LATE", "qty": 1}


def test_drain_empty(queue):
    assert reorders.drain(queue) == []


def test_plan_queues_low_items(queue, stocked, db):
    store.ship(db, stocked["cordless drill"], 48)
    queued = replenish.plan(db, queue)
    assert stocked["cordless drill"] in queued
    requests = {r["sku"]: r["qty"] for r in reorders.drain(queue)}
    assert requests[stocked["cordless drill"]] == 5 + 10 - 2
    assert requests[stocked["hex bolt M8"]] == 200 + 10 - 50
