"""Assignment of claims to loss adjusters, from several worker threads."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger("claims.adjusters")


class AssignmentBoard:
    """Round-robin assignment of claims to the adjusters of each region."""

    def __init__(self, roster: dict[str, list[str]]) -> None:
        self._roster = {region: list(names) for region, names in roster.items()}
        self._turn: dict[str, int] = defaultdict(int)
        self._load: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()

    def _next_adjuster(self, region: str) -> str:
        names = self._roster[region]
        name = names[self._turn[region] % len(names)]
        self._turn[region] += 1
        return name

    def assign(self, claim: str, region: str) -> str:
        """Pick the adjuster for a claim."""
        with self._lock:
            name = self._next_adjuster(region)
            self._load[name] += 1
        log.debug("claim %s -> %s", claim, name)
        return name

    def assign_all(self, claims: list[tuple[str, str]], workers: int = 4) -> dict[str, str]:
        """Assign many claims concurrently."""
        with ThreadPoolExecutor(max_workers=workers) as pool:
            names = list(pool.map(lambda item: self.assign(*item), claims))
        return {claim: name for (claim, _), name in zip(claims, names, strict=True)}

    def reassign(self, claim: str, region: str) -> str:
        """Move a claim to the least loaded other adjuster of its region."""
        with self._lock:
            load = dict(self._load)
            current = self._roster[region][0]
            others = [n for n in self._roster[region] if n != current] or [current]
            chosen = min(others, key=lambda n: (load.get(n, 0), n))
            self._load[current] = max(self._load[current] - 1, 0)
            self._load[chosen] += 1
        log.info("claim %s moved from %s to %s", claim, current, chosen)
        return chosen

    def load(self) -> dict[str, int]:
        """Claims assigned so far per adjuster."""
        with self._lock:
            return dict(self._load)
