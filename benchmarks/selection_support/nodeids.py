"""Node ids, and the entries (files, classes, parametrised functions) that stand for several."""

from __future__ import annotations

from collections.abc import Iterable


def by_file(known: Iterable[str]) -> dict[str, list[str]]:
    files: dict[str, list[str]] = {}
    for nodeid in known:
        files.setdefault(nodeid.split("::", 1)[0], []).append(nodeid)
    return files


def expand(entries: Iterable[str], files: dict[str, list[str]]) -> set[str]:
    """The known node ids each entry stands for: itself, or every test under it.

    ``tests/test_x.py`` stands for all of that file's tests, ``tests/test_x.py::TestC``
    for its class's, ``tests/test_x.py::test_f`` for all of ``test_f``'s parameters.
    An entry that matches nothing known is kept as it is.
    """
    found: set[str] = set()
    for entry in entries:
        in_file = files.get(entry.split("::", 1)[0], [])
        matches = {nodeid for nodeid in in_file if nodeid == entry or "::" not in entry
                   or nodeid.startswith((entry + "::", entry + "["))}
        found |= matches or {entry}
    return found
