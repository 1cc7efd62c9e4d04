"""Per-test coverage maps in the results store: merge rules, encoding and queries.

An application's map is one ``coverage_files`` row per file, at the content hash
it was recorded against, and its tests in ``coverage_tests``, which the rows
refer to by id. Saving the map of a run that ran the tests S:

* a file stored at the same hash keeps its other tests' lines; S's are replaced;
* a file whose hash changed (or that is new) gets S's lines only; the tests that
  ran its previous version and are not in S become *stale* for it;
* files S did not run are left as they are.

A test that did not run a file's previous version is taken not to run the new
one until it is rerun (pytest-testmon's assumption; module-level effects are the
import graph's business). Loading leaves out each file that has a stale test, so
every file in the map knows every test in ``CoverageMap.tests``: the selection
engine must treat other tests as unrecorded. ``collected`` (the node ids a run
collected) forgets stored tests it lacks from the folders it collected tests in:
deleted, renamed or deselected tests, which would otherwise stay stale forever.
Lines run outside any test are stored under the names ``AT_IMPORT`` and
``IMPORTING`` + test module as if they were tests; they are never forgotten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from qatron.errors import StoreError
from qatron.selection.coverage_map import CoverageMap, FileCoverage, is_test, stored_map
from qatron.store.models import CoverageFileRow, CoverageTestRow, RunRow

__all__ = ["CoverageMap", "load_map", "save_map"]

Sessions = Callable[..., AbstractContextManager[Session]]
Groups = list[list[list[Any]]]  # [[test ids], [[first, last], ...]] per group of lines
_CHUNK = 500  # bound parameters per IN (...) list
_T, _F = CoverageTestRow, CoverageFileRow


def save_map(sessions: Sessions, project: str, application: str, cmap: CoverageMap,
             run_id: int | None, collected: Iterable[str]) -> None:
    """Merge ``cmap`` into the stored map of ``project``/``application``, in one transaction."""
    with sessions(write=True) as session:
        if run_id is not None and session.get(RunRow, run_id) is None:
            raise StoreError(f"run {run_id} does not exist: cannot record its coverage")
        if session.get_bind().dialect.name == "postgresql":
            session.execute(select(func.pg_advisory_xact_lock(_lock_key(project, application))))
        ids = _sync_tests(session, project, application, _ran(cmap), set(collected))
        stored = _stored_rows(session, project, application, list(cmap.files))
        merger = _Merger(ids, frozenset(ids.values()))
        now = datetime.now(UTC)
        rows = []
        for path, recorded in cmap.files.items():
            lines, stale = merger.merge(recorded, stored.get(path))
            rows.append({"project": project, "application": application, "path": path,
                         "content_hash": recorded.content_hash, "run_id": run_id,
                         "recorded_at": now, "lines": lines, "stale": stale})
        for batch in _chunks([row.id for row in stored.values()]):
            session.execute(delete(_F).where(_F.id.in_(batch)))
        if rows:
            session.execute(insert(_F), rows)


def load_map(sessions: Sessions, project: str, application: str) -> CoverageMap | None:
    """The stored map (files with a stale test left out), or None if nothing was recorded."""
    with sessions() as session:
        names = {test_id: nodeid for test_id, nodeid in session.execute(
            select(_T.id, _T.nodeid).where(_T.project == project,
                                           _T.application == application, _T.active.is_(True)))}
        rows = session.execute(
            select(_F.path, _F.content_hash, _F.lines, _F.stale, _F.run_id, _F.recorded_at)
            .where(_F.project == project, _F.application == application)).all()
    return stored_map(names, rows)


def _ran(cmap: CoverageMap) -> set[str]:
    """The tests the map's run ran: its ``tests`` and any test its lines name."""
    sets = {tests for recorded in cmap.files.values() for tests in recorded.lines.values()}
    return set(cmap.tests).union(*sets)


def _stored_rows(session: Session, project: str, application: str,
                 paths: list[str]) -> dict[str, Any]:
    """The stored rows of these paths (id, path, content_hash, lines, stale) by path."""
    found: dict[str, Any] = {}
    for start in range(0, len(paths), _CHUNK):
        found.update((row.path, row) for row in session.execute(
            select(_F.id, _F.path, _F.content_hash, _F.lines, _F.stale)
            .where(_F.project == project, _F.application == application,
                   _F.path.in_(paths[start:start + _CHUNK]))))
    return found


def _sync_tests(session: Session, project: str, application: str, ran: Collection[str],
                collected: set[str]) -> dict[str, int]:
    """Ids of the tests that ran (created or revived as needed); forget vanished ones."""
    known = {nodeid: (test_id, active) for test_id, nodeid, active in session.execute(
        select(_T.id, _T.nodeid, _T.active)
        .where(_T.project == project, _T.application == application))}
    new = [{"project": project, "application": application, "nodeid": nodeid, "active": True}
           for nodeid in sorted(set(ran) - set(known))]
    ids = {nodeid: known[nodeid][0] for nodeid in ran if nodeid in known}
    if new:
        ids.update((nodeid, test_id) for test_id, nodeid in session.execute(
            insert(_T).returning(_T.id, _T.nodeid, sort_by_parameter_order=True), new))
    folders = {_folder(nodeid) for nodeid in collected}
    gone = [test_id for nodeid, (test_id, active) in known.items()
            if active and nodeid not in collected and nodeid not in ids
            and is_test(nodeid) and _folder(nodeid) in folders]
    _set_active(session, [known[n][0] for n in ran if n in known and not known[n][1]], True)
    _set_active(session, gone, False)
    return ids


def _set_active(session: Session, test_ids: list[int], active: bool) -> None:
    for batch in _chunks(test_ids):
        session.execute(update(_T).where(_T.id.in_(batch)).values(active=active))


class _Merger:
    """Turns a run's FileCoverage and the stored row into the new row's lines and stale.

    It works on groups of lines that share a test set (read_coverage and load_map
    share equal sets), so the work per line is a dict operation or two.
    """

    def __init__(self, ids: Mapping[str, int], ran: frozenset[int]) -> None:
        self.ids, self.ran = ids, ran
        self._keys: dict[frozenset[str], tuple[int, ...]] = {}
        self._kept: dict[tuple[int, ...], frozenset[int]] = {}
        self._unions: dict[tuple[frozenset[int], tuple[int, ...]], frozenset[int]] = {}

    def merge(self, recorded: FileCoverage, stored: Any) -> tuple[Groups, list[int]]:
        fresh = self._grouped(recorded)
        if stored is None:
            return _encode(fresh), []
        if stored.content_hash != recorded.content_hash:
            before = {i for ids, _ in stored.lines for i in ids} | set(stored.stale)
            return _encode(fresh), sorted(before - self.ran)
        stale = sorted(set(stored.stale) - self.ran)
        lines: dict[int, frozenset[int]] = {}
        for ids, ranges in stored.lines:
            kept = self._kept_of(ids)
            if kept:
                for first, last in ranges:
                    lines.update(dict.fromkeys(range(first, last + 1), kept))
        if not lines:  # every test that ran this file before ran again
            return _encode(fresh), stale
        for key, numbers in fresh.items():
            for line in numbers:
                old = lines.get(line)
                lines[line] = frozenset(key) if old is None else self._union(old, key)
        merged: dict[tuple[int, ...], list[int]] = {}
        for line, tests in lines.items():
            merged.setdefault(tuple(sorted(tests)), []).append(line)
        return _encode(merged), stale

    def _grouped(self, recorded: FileCoverage) -> dict[tuple[int, ...], list[int]]:
        """The recorded lines by the sorted ids of the tests that ran them."""
        by_set: dict[frozenset[str], list[int]] = {}
        for line, tests in recorded.lines.items():
            by_set.setdefault(tests, []).append(line)
        grouped: dict[tuple[int, ...], list[int]] = {}
        for tests, numbers in by_set.items():
            key = self._keys.get(tests)
            if key is None:
                key = self._keys[tests] = tuple(sorted(self.ids[name] for name in tests))
            if key:
                grouped.setdefault(key, []).extend(numbers)
        return grouped

    def _kept_of(self, ids: list[int]) -> frozenset[int]:
        """A stored group's tests minus the ones that just ran."""
        key = tuple(ids)
        kept = self._kept.get(key)
        if kept is None:
            kept = self._kept[key] = frozenset(ids) - self.ran
        return kept

    def _union(self, old: frozenset[int], key: tuple[int, ...]) -> frozenset[int]:
        union = self._unions.get((old, key))
        if union is None:
            union = self._unions[(old, key)] = old.union(key)
        return union


def _encode(groups: Mapping[tuple[int, ...], list[int]]) -> Groups:
    """``[[test ids], [[first, last], ...]]`` per group; the lines as runs of numbers."""
    encoded: Groups = []
    for key, numbers in groups.items():
        ranges: list[list[int]] = []
        for line in sorted(numbers):
            if ranges and ranges[-1][1] == line - 1:
                ranges[-1][1] = line
            else:
                ranges.append([line, line])
        encoded.append([list(key), ranges])
    return encoded


def _folder(nodeid: str) -> str:
    return nodeid.split("::", 1)[0].rpartition("/")[0]


def _lock_key(project: str, application: str) -> int:
    """A PostgreSQL advisory lock key per application: one writer of its map at a time."""
    digest = hashlib.sha1(f"coverage\0{project}\0{application}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]
