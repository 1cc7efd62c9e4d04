"""Tests whose parametrised ids change between processes, matched to their planned ids.

A parameter built from the clock or a random value (``time.time_ns()``, ``uuid4()``,
``datetime.now()``) gives a test a new node id in every pytest process: the id the
collection planned is not the one the shard's process collects. The shard's process
runs the test under its new id in place of the planned one (a *stand-in*):

    >>> stand_ins(here=["t.py::test_at[222]", "t.py::test_at[fixed]"],
    ...           wanted=["t.py::test_at[111]"],
    ...           collected=["t.py::test_at[111]", "t.py::test_at[fixed]"])
    {'t.py::test_at[222]': 't.py::test_at[111]'}

A planned id is matched to the test at the same position among its function's
parametrisations in the collection the plan came from, provided that test's id is new
there (neither planned nor collected before). A planned id that collection does not
know (a resumed run collected again) takes the function's new ids in order, and only
when there are exactly as many of them as of its missing ids. Anything else is left
unmatched: the planned test did not run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def function_of(nodeid: str) -> str:
    """The node id without its parameter part (``t.py::test_at[1]`` → ``t.py::test_at``)."""
    path, sep, rest = nodeid.partition("::")
    return f"{path}{sep}{rest.split('[', 1)[0]}" if sep else nodeid


def stand_ins(here: Sequence[str], wanted: Iterable[str],
              collected: Sequence[str] | None = None) -> dict[str, str]:
    """Tests of this process standing in for wanted ids it did not collect:
    {id here: wanted id}. ``collected`` is the collection the plan came from, in order."""
    present = set(here)
    missing = [w for w in dict.fromkeys(wanted) if w not in present and function_of(w) != w]
    if not missing:
        return {}
    known = {*wanted, *(collected or ())}
    now, before = _by_function(here), _by_function(collected or ())
    pairs: dict[str, str] = {}
    unplaced: dict[str, list[str]] = {}
    for planned in missing:
        function = function_of(planned)
        same = _same_position(planned, before.get(function, []), now.get(function, []))
        if same is not None and same not in known and same not in pairs:
            pairs[same] = planned
        else:
            unplaced.setdefault(function, []).append(planned)
    for function, planned_ids in unplaced.items():
        new = [n for n in now.get(function, []) if n not in known and n not in pairs]
        if len(new) == len(planned_ids):
            pairs.update(zip(new, planned_ids, strict=True))
    return pairs


def _by_function(nodeids: Iterable[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for nodeid in nodeids:
        grouped.setdefault(function_of(nodeid), []).append(nodeid)
    return grouped


def _same_position(planned: str, before: list[str], now: list[str]) -> str | None:
    """The test at ``planned``'s position in ``now``, when both list the same number."""
    if planned not in before or len(before) != len(now):
        return None
    return now[before.index(planned)]
