"""What ``qatron select`` reads from a SQLite results store, with the standard library's sqlite3.

    >>> read_selection_data("sqlite:////home/me/shop/.qatron/results.db", "shop", "api")
    (CoverageMap(...), {"tests/test_cart.py::test_total": TestHistory(...), ...})
    # None: open the store with ResultsStore instead

An application's coverage map and its project's run history, as
:meth:`ResultsStore.load_coverage_map` and :func:`qatron.selection.history.load_history`
give them, without importing SQLAlchemy and its ORM (most of the command's start-up).
As :mod:`qatron.store.sqlite_runs`, only a database file at the newest schema is read,
in one read transaction; for anything else the answer is None and the caller opens
:class:`qatron.store.ResultsStore`. A test compares the two readers on one database.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
from collections import defaultdict
from datetime import UTC, datetime

from qatron.models import Outcome, TestResult
from qatron.selection.coverage_map import CoverageMap, stored_map
from qatron.selection.history import RECENT_RUNS, history_of
from qatron.selection.model import TestHistory
from qatron.store.sqlite_runs import read_at_head

__all__ = ["read_selection_data"]

_TIMED = (Outcome.PASSED.value, Outcome.FAILED.value)
_LAST_DURATIONS = 5  # as ResultsStore.durations
#: The project's timed results, newest first as ResultsStore.durations ranks them (a
#: window function per test costs twice the time of keeping each test's first few here).
_DURATIONS = f"""
SELECT nodeid, duration FROM test_results
WHERE run_id IN (SELECT id FROM runs WHERE project = ?)
  AND outcome IN ({", ".join("?" * len(_TIMED))})
ORDER BY run_id DESC, id DESC"""
#: The last run's results, in a run summary's order (by shard, then as saved), with what
#: history reads of them.
_LAST = """
SELECT t.nodeid, t.outcome, t.flaky FROM test_results t JOIN shards s ON s.id = t.shard_id
WHERE t.run_id = ? ORDER BY s."index", t.id"""
#: The failures of the recent runs, with the fields that tell a real one from a spurious one.
_FAILURES = """
SELECT nodeid, outcome, duration, attempts, flaky, message, traceback, output_tail,
       (SELECT "index" FROM shards WHERE shards.id = shard_id), unstable_id
FROM test_results WHERE run_id IN ({marks}) AND outcome IN ({outcomes})"""
_FAILED = tuple(outcome.value for outcome in Outcome if outcome.is_failure)
Data = tuple[CoverageMap | None, dict[str, TestHistory]]


def read_selection_data(url: str, project: str, application: str, suite: str | None = None,
                        *, runs: int = RECENT_RUNS) -> Data | None:
    """The application's coverage map and the history of the project's (``suite``'s) newest
    ``runs`` ended runs; None where only ResultsStore can tell."""
    return read_at_head(url, lambda connection: (
        _coverage(connection, project, application),
        _history(connection, project, suite, runs)))


def _coverage(connection: sqlite3.Connection, project: str,
              application: str) -> CoverageMap | None:
    """As :func:`qatron.store.coverage.load_map`."""
    names = dict(connection.execute(
        "SELECT id, nodeid FROM coverage_tests WHERE project = ? AND application = ? "
        "AND active IS 1", (project, application)).fetchall())
    rows = [(path, digest, json.loads(lines), json.loads(stale), run_id, _moment(recorded_at))
            for path, digest, lines, stale, run_id, recorded_at in connection.execute(
                "SELECT path, content_hash, lines, stale, run_id, recorded_at "
                "FROM coverage_files WHERE project = ? AND application = ?",
                (project, application))]
    return stored_map(names, rows)


def _history(connection: sqlite3.Connection, project: str, suite: str | None,
             runs: int) -> dict[str, TestHistory]:
    """As :func:`qatron.selection.history.load_history`."""
    ended = _ended(connection, project, suite, runs)
    if not ended:
        return {}
    last = [TestResult(nodeid=nodeid, outcome=Outcome(outcome), flaky=bool(flaky))
            for nodeid, outcome, flaky in connection.execute(_LAST, (ended[0],))]
    failures = [_failure(*fields) for fields in connection.execute(_FAILURES.format(
        marks=", ".join("?" * len(ended)), outcomes=", ".join("?" * len(_FAILED))),
        (*ended, *_FAILED))]
    return history_of(last, failures, _durations(connection, project))


def _ended(connection: sqlite3.Connection, project: str, suite: str | None,
           runs: int) -> list[int]:
    """Ids of the newest ``runs`` ended runs among the newest ``4 * runs``, newest first."""
    where, values = ("project = ?", [project]) if suite is None else (
        "project = ? AND suite = ?", [project, suite])
    listed = connection.execute(f"SELECT id, finished_at FROM runs WHERE {where} "
                                "ORDER BY id DESC LIMIT ?", [*values, 4 * runs]).fetchall()
    return [run_id for run_id, finished_at in listed if finished_at is not None][:runs]


def _failure(nodeid: str, outcome: str, duration: float, attempts: int, flaky: int,
             message: str, traceback: str, output_tail: str, shard_index: int,
             unstable_id: int) -> TestResult:
    return TestResult(nodeid=nodeid, outcome=Outcome(outcome), duration=duration,
                      attempts=attempts, flaky=bool(flaky), message=message,
                      traceback=traceback, output_tail=output_tail, shard_index=shard_index,
                      unstable_id=bool(unstable_id))


def _durations(connection: sqlite3.Connection, project: str) -> dict[str, float]:
    """As :meth:`ResultsStore.durations`: the median of each test's last five."""
    samples: dict[str, list[float]] = defaultdict(list)
    for nodeid, duration in connection.execute(_DURATIONS, (project, *_TIMED)):
        newest = samples[nodeid]
        if len(newest) < _LAST_DURATIONS:
            newest.append(duration)
    return {nodeid: statistics.median(values) for nodeid, values in samples.items()}


def _moment(stored: str) -> datetime:
    """A stored datetime as the store's UTCDateTime reads it: timezone-aware UTC."""
    value = datetime.fromisoformat(stored)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

