"""Split a suite's tests into shards of about equal expected duration.

A pure function of plain data, like pytest-split's algorithms::

    >>> plan_shards(["a", "b", "c"], {"a": 3.0, "b": 1.0, "c": 2.0}, 2)
    [['a'], ['b', 'c']]

Longest expected test first onto the least-loaded shard (LPT). Tests with no
recorded duration count as the median of the known ones (1 s with no
history). Tests that must share a process (same ``xdist_group``) stay in one
shard. Each shard keeps its tests in collection order.
"""

from __future__ import annotations

import heapq
import statistics
from collections.abc import Mapping, Sequence

DEFAULT_DURATION = 1.0


def plan_shards(
    nodeids: Sequence[str],
    durations: Mapping[str, float],
    count: int,
    groups: Mapping[str, str] | None = None,
) -> list[list[str]]:
    """Assign ``nodeids`` to at most ``count`` non-empty shards."""
    if count < 1:
        raise ValueError(f"shard count must be at least 1, got {count}")
    known = [durations[n] for n in nodeids if n in durations]
    default = statistics.median(known) if known else DEFAULT_DURATION
    units = _units(nodeids, groups or {})
    weight = {key: sum(durations.get(n, default) for n in ids) for key, ids in units.items()}
    shards: list[list[str]] = [[] for _ in range(min(count, len(units)))]
    heap = [(0.0, index) for index in range(len(shards))]
    for key in sorted(units, key=lambda k: (-weight[k], k)):
        load, index = heapq.heappop(heap)
        shards[index].extend(units[key])
        heapq.heappush(heap, (load + weight[key], index))
    position = {nodeid: i for i, nodeid in enumerate(nodeids)}
    return [sorted(shard, key=position.__getitem__) for shard in shards]


def expected_duration(nodeids: Sequence[str], durations: Mapping[str, float]) -> float:
    """Expected wall time of one shard running ``nodeids`` one after another."""
    known = [durations[n] for n in nodeids if n in durations]
    default = statistics.median(known) if known else DEFAULT_DURATION
    return sum(durations.get(n, default) for n in nodeids)


def _units(nodeids: Sequence[str], groups: Mapping[str, str]) -> dict[str, list[str]]:
    units: dict[str, list[str]] = {}
    for nodeid in nodeids:
        key = f"group:{groups[nodeid]}" if nodeid in groups else nodeid
        units.setdefault(key, []).append(nodeid)
    return units
