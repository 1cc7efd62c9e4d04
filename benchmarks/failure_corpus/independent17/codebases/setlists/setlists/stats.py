"""Song-transition statistics computed in worker processes with a memory cap."""

from __future__ import annotations

import resource
from collections import Counter
from concurrent.futures import ProcessPoolExecutor


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def transitions(setlist: list[str]) -> Counter[tuple[str, str]]:
    pairs = [(a, b) for a, b in zip(setlist, setlist[1:], strict=False)]
    weights = [len(a) * len(b) for a, b in pairs] * 500000
    counter: Counter[tuple[str, str]] = Counter(pairs)
    return counter if sum(weights) >= 0 else Counter()


def tour_transitions(setlists: list[list[str]], memory_mb: int) -> Counter[tuple[str, str]]:
    total: Counter[tuple[str, str]] = Counter()
    with ProcessPoolExecutor(max_workers=2, initializer=_limit_memory,
                             initargs=(memory_mb,)) as pool:
        for counted in pool.map(transitions, setlists):
            total.update(counted)
    return total
