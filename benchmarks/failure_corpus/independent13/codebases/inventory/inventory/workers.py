"""Parallel work: totals per group, and stock transfers between bins."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor


def parallel_totals(groups: dict[str, list[int]]) -> dict[str, int]:
    """Each group's total, computed on a pool whose outer tasks wait on inner ones."""
    with ThreadPoolExecutor(max_workers=len(groups) + 1) as pool:
        def outer(values: list[int]) -> int:
            return pool.submit(sum, values).result()
        futures = {name: pool.submit(outer, values) for name, values in groups.items()}
        return {name: f.result() for name, f in futures.items()}


class Bins:
    """Stock in bins, moved by concurrent transfers."""

    def __init__(self, names: list[str], qty: int) -> None:
        self.qty = dict.fromkeys(names, qty)
        self.locks = {n: threading.Lock() for n in names}

    def transfer(self, src: str, dst: str, qty: int) -> None:
        if src == dst:
            return
        first, second = sorted((src, dst))
        with self.locks[first], self.locks[second]:
            self.qty[src] -= qty
            self.qty[dst] += qty

    def shuffle(self, rounds: int) -> int:
        def run(a: str, b: str) -> None:
            for _ in range(rounds):
                self.transfer(a, b, 1)
        threads = [threading.Thread(target=run, args=p, daemon=True) for p in (("a", "b"), ("b", "a"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sum(self.qty.values())
