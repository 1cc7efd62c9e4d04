import threading
from typing import Any

import pytest
import redis

from fleetcare.queue import WorkQueue, drain


@pytest.mark.parametrize("depot", ["NORTH", "WEST"])
def test_fifo(queue_client: redis.Redis, depot: str) -> None:
    queue = WorkQueue(queue_client, depot)
    for i in range(3):
        queue.push({"order": i})
    assert [queue.pop(), queue.pop(), queue.pop()] == [{"order": 0}, {"order": 1}, {"order": 2}]


def test_empty_pop_times_out(queue_client: redis.Redis) -> None:
    assert WorkQueue(queue_client, "SOUTH").pop(timeout=0.1) is None


def test_drain_on_worker_thread(queue_client: redis.Redis) -> None:
    queue = WorkQueue(queue_client, "EAST")
    seen: list[dict[str, Any]] = []
    lock = threading.Lock()
    for i in range(5):
        queue.push({"order": i})

    def handle(job: dict[str, Any]) -> None:
        with lock:
            seen.append(job)

    drain(queue, handle).join(5)
    assert [job["order"] for job in seen] == list(range(5))
    assert queue.size() == 0
