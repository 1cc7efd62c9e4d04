"""Volunteer review: worker threads take captures off a queue and tag them."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

STOP = object()


def review_all(files: list[str], tagger: Callable[[str], str], workers: int = 3) -> dict[str, str]:
    """Tag every file with the given tagger, using a pool of reviewer threads."""
    todo: queue.Queue[object] = queue.Queue()
    done: queue.Queue[tuple[str, str]] = queue.Queue()

    def reviewer() -> None:
        while True:
            item = todo.get()
            if item is STOP:
                return
            name = str(item)
            done.put((name, tagger(name)))

    threads = [threading.Thread(target=reviewer, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for name in files:
        todo.put(name)
    for _ in threads:
        todo.put(STOP)
    results = dict(done.get() for _ in files)
    for thread in threads:
        thread.join()
    return results
