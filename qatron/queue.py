"""Queue mode: shards pull batches of tests instead of a fixed split.

With no recorded durations there is nothing to balance on, so the shards of a
run share one queue (a JSON file in the run folder, under a file lock): each
shard's test process claims a batch, runs it, and claims the next, until the
queue is empty. Batches shrink as the queue empties (a tenth of what is left
per shard, at least one unit), so the shards finish close together, as in
Knapsack Pro's queue mode. Tests that must share a worker (``xdist_group``)
are one unit. Every claim is recorded, so after a crash the tests a shard
claimed but never finished are known:

    >>> create_queue(path, units)               # the run plans
    >>> claim(path, shard=1, shards=2)          # a shard's test process pulls
    ['tests/test_a.py::test_one', ...]
    >>> claimed(path, 1), unclaimed(path)

With no collection to plan from, the shards' own pytest sessions collect the suite
and the first to finish publishes the queue (see :func:`publish`); the others find
it there when they finish collecting, so none waits for another.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypedDict

#: Environment variables the shard's test process reads (set by the runner).
QUEUE_VAR = "QATRON_QUEUE"
SHARD_VAR = "QATRON_SHARD"
#: Each claim takes this share of the remaining units per shard.
SHARE = 0.1


class _State(TypedDict):
    """The queue file: units not yet claimed, and each shard's claims in order."""

    units: list[list[str]]
    claims: dict[str, list[list[str]]]


def create_queue(path: Path, units: Sequence[Sequence[str]]) -> Path:
    """Write a queue of ``units`` (each a list of node ids run by one shard) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        _write(path, {"units": [list(unit) for unit in units if unit], "claims": {}})
    return path


def publish(path: Path, units: Sequence[Sequence[str]], record: Callable[[], None]) -> bool:
    """Create the queue unless a shard did first: under its lock, ``record()`` writes what
    goes with it (the collection it came from), then the queue. False when it existed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        if path.exists():
            return False
        record()
        _write(path, {"units": [list(unit) for unit in units if unit], "claims": {}})
    return True


def claim(path: Path, shard: int, shards: int) -> list[str]:
    """Take the next batch for ``shard``; empty when the queue is."""
    with _locked(path):
        state = _read(path)
        units = state["units"]
        if not units:
            return []
        size = max(1, math.ceil(len(units) * SHARE / max(1, shards)))
        batch, state["units"] = units[:size], units[size:]
        state["claims"].setdefault(str(shard), []).extend(batch)
        _write(path, state)
    return [nodeid for unit in batch for nodeid in unit]


def claimed(path: Path, shard: int) -> list[str]:
    """Every test ``shard`` claimed, in claim order (none while there is no queue)."""
    if not path.exists():
        return []
    with _locked(path):
        units = _read(path)["claims"].get(str(shard), [])
    return [nodeid for unit in units for nodeid in unit]


def unclaimed(path: Path) -> list[str]:
    """The tests no shard claimed (all shards ended first)."""
    with _locked(path):
        units = _read(path)["units"]
    return [nodeid for unit in units for nodeid in unit]


def units_of(nodeids: Sequence[str], groups: dict[str, str]) -> list[list[str]]:
    """``nodeids`` in order, those of one ``xdist_group`` together as one unit."""
    units: list[list[str]] = []
    grouped: dict[str, list[str]] = {}
    for nodeid in nodeids:
        group = groups.get(nodeid)
        if group is None:
            units.append([nodeid])
        elif group in grouped:
            grouped[group].append(nodeid)
        else:
            grouped[group] = [nodeid]
            units.append(grouped[group])
    return units


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock = os.open(f"{path}.lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        os.close(lock)


def _read(path: Path) -> _State:
    state: _State = json.loads(path.read_text(encoding="utf-8"))
    return state


def _write(path: Path, state: _State) -> None:
    temporary = path.with_name(f"{path.name}.tmp")
    temporary.write_text(json.dumps(state), encoding="utf-8")
    temporary.replace(path)
