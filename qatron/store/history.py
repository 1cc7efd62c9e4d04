"""The history of one suite on one environment, aggregated in SQL for quality analytics.

::

    store.history_scopes("shop")                          # [("e2e", "staging", 412), ...]
    history = store.scope_history("shop", "e2e", "staging", last=20)
    history.runs[-1].counts["failed"], history.runs[-1].wall_time

Only ended runs count. Each run's outcome counts, flaky count and the wall time of its
shards (first shard start to last shard end) come from ``GROUP BY`` queries; the
per-test rows (``tests``) are those of the window's runs only, skipped tests left out,
so the cost grows with the window, never with the whole store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from qatron.models import Outcome, RunStatus
from qatron.store.models import (
    LoadTestRow,
    RunCoverageRow,
    RunFailureRow,
    RunRow,
    ShardRow,
    TestResultRow,
)

__all__ = ["FailureSample", "RunAggregate", "ScopeHistory", "TestSample", "history_scopes",
           "scope_history"]

Sessions = Callable[..., AbstractContextManager[Session]]

_ENDED = [status.value for status in RunStatus if status.terminal]
_CHUNK = 500  # bound parameters per IN (...) list


@dataclass(frozen=True)
class RunAggregate:
    """One ended run: outcome counts (every :class:`Outcome` value, ``flaky`` and ``total``),
    the summed test durations and the wall time of its shards in seconds (None: no times)."""

    run_id: int
    status: str
    branch: str | None
    commit: str | None
    created_at: datetime
    counts: dict[str, int]
    test_time: float
    wall_time: float | None


class TestSample(NamedTuple):
    """One test's final result in one run of the window (a tuple: there are many)."""

    run_id: int
    nodeid: str
    outcome: str
    duration: float
    flaky: bool


@dataclass(frozen=True)
class FailureSample:
    """One analysed failure (``run_failures``) of a run of the window."""

    run_id: int
    nodeid: str
    category: str
    team: str
    cluster: str


@dataclass
class ScopeHistory:
    """The window's runs of one suite on one environment, oldest first, with what was
    recorded about them."""

    project: str
    suite: str
    environment: str
    runs: list[RunAggregate] = field(default_factory=list)
    tests: list[TestSample] = field(default_factory=list)
    failures: list[FailureSample] = field(default_factory=list)
    #: run id -> layer -> line coverage percent.
    coverage: dict[int, dict[str, float]] = field(default_factory=dict)
    #: run id -> layer -> branch coverage percent (only layers whose run measured branches).
    branch_coverage: dict[int, dict[str, float]] = field(default_factory=dict)
    #: run id -> load test name -> p95 in milliseconds.
    load_p95: dict[int, dict[str, float]] = field(default_factory=dict)


def history_scopes(sessions: Sessions, project: str) -> list[tuple[str, str, int]]:
    """(suite, environment, ended runs) of every pair the project has run, by name."""
    query = (select(RunRow.suite, RunRow.environment, func.count(RunRow.id))
             .where(RunRow.project == project, RunRow.status.in_(_ENDED))
             .group_by(RunRow.suite, RunRow.environment)
             .order_by(RunRow.suite, RunRow.environment))
    with sessions() as session:
        return [(suite, environment, count) for suite, environment, count
                in session.execute(query)]


def scope_history(sessions: Sessions, project: str, suite: str, environment: str, *,
                  last: int = 20, since: datetime | None = None) -> ScopeHistory:
    """The newest ``last`` ended runs of the suite on the environment (created at or
    after ``since``, if given), with their aggregates, tests, failures, coverage and load."""
    if last < 1:
        raise ValueError(f"last must be at least 1, not {last}")
    history = ScopeHistory(project, suite, environment)
    query = (select(RunRow).where(RunRow.project == project, RunRow.suite == suite,
                                  RunRow.environment == environment,
                                  RunRow.status.in_(_ENDED))
             .order_by(RunRow.id.desc()).limit(last))
    if since is not None:
        query = query.where(RunRow.created_at >= since)
    with sessions() as session:
        rows = list(reversed(session.scalars(query).all()))
        ids = [row.id for row in rows]
        counts, test_time = _counts(session, ids)
        walls = _wall_times(session, ids)
        history.runs = [RunAggregate(
            run_id=row.id, status=row.status, branch=row.branch, commit=row.commit,
            created_at=row.created_at, counts=counts[row.id], test_time=test_time[row.id],
            wall_time=walls.get(row.id) or _run_span(row)) for row in rows]
        history.tests = _tests(session, ids)
        history.failures = _failures(session, ids)
        history.coverage = _per_run(session, ids, RunCoverageRow.layer, RunCoverageRow.percent,
                                    RunCoverageRow.run_id)
        history.branch_coverage = _branch_coverage(session, ids)
        history.load_p95 = _per_run(session, ids, LoadTestRow.name, LoadTestRow.p95_ms,
                                    LoadTestRow.run_id)
    return history


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start:start + _CHUNK])


def _counts(session: Session, ids: list[int]
            ) -> tuple[dict[int, dict[str, int]], dict[int, float]]:
    counts = {run_id: {**{o.value: 0 for o in Outcome}, "flaky": 0, "total": 0}
              for run_id in ids}
    test_time = dict.fromkeys(ids, 0.0)
    flaky = func.sum(case((TestResultRow.flaky, 1), else_=0))
    for batch in _chunks(ids):
        query = (select(TestResultRow.run_id, TestResultRow.outcome, func.count(), flaky,
                        func.sum(TestResultRow.duration))
                 .where(TestResultRow.run_id.in_(batch))
                 .group_by(TestResultRow.run_id, TestResultRow.outcome))
        for run_id, outcome, number, flakies, seconds in session.connection().execute(query):
            counts[run_id][outcome] = counts[run_id].get(outcome, 0) + number
            counts[run_id]["total"] += number
            counts[run_id]["flaky"] += int(flakies or 0)
            test_time[run_id] += float(seconds or 0.0)
    return counts, test_time


def _wall_times(session: Session, ids: list[int]) -> dict[int, float]:
    walls: dict[int, float] = {}
    for batch in _chunks(ids):
        query = (select(ShardRow.run_id, func.min(ShardRow.started_at),
                        func.max(ShardRow.finished_at))
                 .where(ShardRow.run_id.in_(batch)).group_by(ShardRow.run_id))
        for run_id, first, last in session.execute(query):
            if first is not None and last is not None:
                walls[run_id] = max(0.0, (_moment(last) - _moment(first)))
    return walls


def _moment(value: Any) -> float:
    """Epoch seconds of a MIN/MAX of a datetime column (SQLite may hand back text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return float(value.timestamp())


def _run_span(row: RunRow) -> float | None:
    if row.started_at is None or row.finished_at is None:
        return None
    return max(0.0, (row.finished_at - row.started_at).total_seconds())


def _tests(session: Session, ids: list[int]) -> list[TestSample]:
    found: list[TestSample] = []
    for batch in _chunks(ids):
        query = (select(TestResultRow.run_id, TestResultRow.nodeid, TestResultRow.outcome,
                        TestResultRow.duration, TestResultRow.flaky)
                 .where(TestResultRow.run_id.in_(batch),
                        TestResultRow.outcome != Outcome.SKIPPED.value))
        rows = session.connection().execute(query).fetchall()  # Core rows, fetched at once
        found += [TestSample(run_id, nodeid, outcome, duration or 0.0, bool(flaky))
                  for run_id, nodeid, outcome, duration, flaky in rows]
    return found


def _failures(session: Session, ids: list[int]) -> list[FailureSample]:
    found: list[FailureSample] = []
    for batch in _chunks(ids):
        query = (select(RunFailureRow.run_id, RunFailureRow.nodeid, RunFailureRow.category,
                        RunFailureRow.team, RunFailureRow.cluster)
                 .where(RunFailureRow.run_id.in_(batch))
                 .order_by(RunFailureRow.run_id, RunFailureRow.position))
        found += [FailureSample(*row) for row in session.execute(query)]
    return found


def _branch_coverage(session: Session, ids: list[int]) -> dict[int, dict[str, float]]:
    """Branches taken over branches, percent (100 with none), of rows that measured them."""
    found: dict[int, dict[str, float]] = defaultdict(dict)
    row = RunCoverageRow
    for batch in _chunks(ids):
        query = (select(row.run_id, row.layer, row.covered_branches, row.branches)
                 .where(row.run_id.in_(batch), row.branches.is_not(None)))
        for run, layer, taken, branches in session.execute(query):
            found[run][layer] = 100.0 * (taken or 0) / branches if branches else 100.0
    return dict(found)


def _per_run(session: Session, ids: list[int], key: Any, value: Any, run_id: Any
             ) -> dict[int, dict[str, float]]:
    found: dict[int, dict[str, float]] = defaultdict(dict)
    for batch in _chunks(ids):
        for run, name, figure in session.execute(select(run_id, key, value)
                                                 .where(run_id.in_(batch))):
            found[run][name] = float(figure)
    return dict(found)
