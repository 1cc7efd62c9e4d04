"""Which tests ran which lines: the per-test coverage map QAtron runs record.

A map is only trusted for a file whose content hash still matches the one it
was recorded against; anything else falls back to the import graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AT_IMPORT = ""
"""The name lines run outside any test carry (module import, collection): coverage.py's
empty dynamic context. A function body run there changes what every importer sees."""
IMPORTING = "<import>"
"""The prefix of the name lines run while pytest imported one test module carry:
``<import>tests/test_x.py`` (QAtron's pytest plugin switches to it)."""


def imported_module(name: str) -> str | None:
    """The test module a line ran while importing, if ``name`` says one."""
    return name[len(IMPORTING):] if name.startswith(IMPORTING) else None


def is_test(name: str) -> bool:
    """Whether a name a line carries is a test's node id (not an import)."""
    return name != AT_IMPORT and not name.startswith(IMPORTING)


def content_hash(data: bytes) -> str:
    """The hash a file's recorded coverage is keyed by."""
    return hashlib.sha1(data).hexdigest()


@dataclass
class FileCoverage:
    """The tests that executed each line of one file, at one content hash."""

    content_hash: str
    lines: dict[int, frozenset[str]] = field(default_factory=dict)

    def tests_for(self, lines: set[int]) -> set[str]:
        """The tests that ran any of ``lines`` (not imports: see :func:`is_test`)."""
        found: set[str] = set()
        for line in lines:
            found |= self.lines.get(line, frozenset())
        return {name for name in found if is_test(name)}


@dataclass
class CoverageMap:
    """Per-file coverage of one application (paths relative to its root, '/'-separated)."""

    files: dict[str, FileCoverage] = field(default_factory=dict)
    tests: set[str] = field(default_factory=set)
    run_id: int | None = None

    def for_file(self, path: str, current: bytes | None) -> FileCoverage | None:
        """The file's coverage if it was recorded against exactly ``current``'s content."""
        recorded = self.files.get(path)
        if recorded is None or current is None:
            return None
        return recorded if recorded.content_hash == content_hash(current) else None


def read_file(root: Path, path: str) -> bytes | None:
    try:
        return (root / path).read_bytes()
    except OSError:
        return None


def stored_map(names: dict[int, str], rows: Iterable[Sequence[Any]]) -> CoverageMap | None:
    """The map of an application's stored rows, files with a stale test left out; None if
    nothing was recorded. ``names`` are its active tests by id, ``rows`` its files as
    ``(path, content_hash, lines, stale, run_id, recorded_at)`` with ``lines`` encoded as
    ``[[test ids], [[first, last], ...]]`` groups (see :mod:`qatron.store.coverage`)."""
    rows = list(rows)
    if not names and not rows:
        return None
    shared: dict[tuple[int, ...], frozenset[str]] = {}
    files = {}
    for path, digest, groups, stale, _, _ in rows:
        if any(test in names for test in stale):
            continue
        lines: dict[int, frozenset[str]] = {}
        for ids, ranges in groups:
            key = tuple(ids)
            tests = shared.get(key)
            if tests is None:
                tests = shared[key] = frozenset(names[i] for i in ids if i in names)
            if tests:
                for first, last in ranges:
                    lines.update(dict.fromkeys(range(first, last + 1), tests))
        files[path] = FileCoverage(digest, lines)
    latest = max(rows, key=lambda row: (row[5], row[4] or 0), default=None)
    return CoverageMap(files=files, tests={name for name in names.values() if is_test(name)},
                       run_id=latest[4] if latest is not None else None)
