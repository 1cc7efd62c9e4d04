"""A run's load tests: a ``load_tests`` row each, its figures in the ``load_*`` tables.

The criteria are also a shard of the run (node ids ``load:<name>::<criterion>``), so
counts and the verdict see them; these rows keep what only a load test has: figures per
endpoint and over time, errors, the target's resources, verdicts and hints. Saving a
load test of a run again replaces it::

    store.save_load_result(run_id, result)            # qatron.load.models.LoadResult
    store.load_results(run_id)                        # [LoadResult], by name
    store.load_baseline("shop", "payments", run_id)   # (run id, LoadResult) or None
    store.load_history("shop", "payments", last=20)   # [(LoadRun, LoadResult)], newest first
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, insert, select
from sqlalchemy.orm import Session

from qatron.load.models import (
    CriterionVerdict,
    EndpointStats,
    ErrorGroup,
    LoadResult,
    LoadStatus,
    ResourceSample,
    TimePoint,
)
from qatron.models import RunStatus
from qatron.store.models import (
    LoadEndpointRow,
    LoadErrorRow,
    LoadResourceRow,
    LoadTestRow,
    LoadTimelineRow,
    LoadVerdictRow,
    RunRow,
)
from qatron.store.records import from_epoch, to_epoch
from qatron.store.run_facts import lock_run

__all__ = ["LoadRun", "load_baseline", "load_history", "load_results", "load_tests_of",
           "save_load_result"]

Sessions = Callable[..., AbstractContextManager[Session]]
FIGURES = ("requests", "failures", "rps", "avg_ms", "min_ms", "max_ms", "p50_ms", "p90_ms",
           "p95_ms", "p99_ms")


@dataclass(frozen=True)
class LoadRun:
    """The run a load test of the history belongs to."""

    run_id: int
    #: When the load test started (the run's creation when it never started).
    when: datetime
    run_status: RunStatus
    suite: str
    environment: str
    branch: str | None
    commit: str | None


def save_load_result(sessions: Sessions, run_id: int, result: LoadResult) -> None:
    """Record (or replace) the run's load test ``result.name`` with all its figures."""
    with sessions(write=True) as session:
        lock_run(session, run_id, f"load test {result.name}")
        session.execute(  # its rows in the load_* tables go with it (ON DELETE CASCADE)
            delete(LoadTestRow).where(LoadTestRow.run_id == run_id,
                                      LoadTestRow.name == result.name))
        row = LoadTestRow(**_test_values(run_id, result))
        session.add(row)
        session.flush()
        for table, rows in _child_values(row.id, result):
            if rows:
                session.execute(insert(table), rows)


def load_results(sessions: Sessions, run_id: int) -> list[LoadResult]:
    """The run's load tests, by name."""
    with sessions() as session:
        return load_tests_of(session, run_id)


def load_tests_of(session: Session, run_id: int) -> list[LoadResult]:
    """:func:`load_results` in a session already open."""
    rows = session.scalars(select(LoadTestRow).where(LoadTestRow.run_id == run_id)
                           .order_by(LoadTestRow.name)).all()
    return _results(session, rows)


def load_baseline(sessions: Sessions, project: str, name: str,
                  before_run_id: int | None = None) -> tuple[int, LoadResult] | None:
    """(run id, result) of the newest passed load test ``name`` of the project, from a run
    other than ``before_run_id``; None if there is none."""
    query = (_of(project, name).where(LoadTestRow.status == LoadStatus.PASSED.value)
             .order_by(LoadTestRow.run_id.desc()).limit(1))
    if before_run_id is not None:
        query = query.where(LoadTestRow.run_id != before_run_id)
    with sessions() as session:
        found = session.execute(query).first()
        if found is None:
            return None
        [result] = _results(session, [found[0]])
        return found[0].run_id, result


def load_history(sessions: Sessions, project: str, name: str,
                 last: int = 20) -> list[tuple[LoadRun, LoadResult]]:
    """The project's ``last`` runs of load test ``name``, newest first."""
    if last < 1:
        raise ValueError(f"last must be at least 1, not {last}")
    query = _of(project, name).order_by(LoadTestRow.run_id.desc()).limit(last)
    with sessions() as session:
        found = session.execute(query).all()
        results = _results(session, [test for test, _ in found])
    return [(_load_run(test, run), result)
            for (test, run), result in zip(found, results, strict=True)]


def _of(project: str, name: str) -> Select[LoadTestRow, RunRow]:
    return (select(LoadTestRow, RunRow).join(RunRow, RunRow.id == LoadTestRow.run_id)
            .where(RunRow.project == project, LoadTestRow.name == name))


def _load_run(test: LoadTestRow, run: RunRow) -> LoadRun:
    return LoadRun(run_id=run.id, when=test.started_at or run.created_at,
                   run_status=RunStatus(run.status), suite=run.suite,
                   environment=run.environment, branch=run.branch, commit=run.commit)


def _test_values(run_id: int, result: LoadResult) -> dict[str, Any]:
    return {"run_id": run_id, "name": result.name, "target": result.target,
            "status": LoadStatus(result.status).value, "message": result.message,
            "started_at": from_epoch(result.started_at),
            "finished_at": from_epoch(result.finished_at), "users_peak": result.users_peak,
            "workers": result.workers, "baseline_run_id": result.baseline_run_id,
            "hints": list(result.hints), **_figures(result.total)}


def _figures(stats: EndpointStats) -> dict[str, Any]:
    return {name: getattr(stats, name) for name in FIGURES}


def _child_values(test_id: int, result: LoadResult) -> list[tuple[type, list[dict[str, Any]]]]:
    own = {"load_test_id": test_id}
    return [
        (LoadEndpointRow, [{**own, "position": i, "name": e.name, "method": e.method,
                            **_figures(e)} for i, e in enumerate(result.endpoints)]),
        (LoadTimelineRow, [{**own, "t": p.t, "users": p.users, "rps": p.rps,
                            "failures_per_s": p.failures_per_s, "p50_ms": p.p50_ms,
                            "p95_ms": p.p95_ms} for p in result.timeline]),
        (LoadErrorRow, [{**own, "position": i, "method": g.method, "name": g.name,
                         "error": g.error, "occurrences": g.occurrences,
                         "first_seen": g.first_seen} for i, g in enumerate(result.errors)]),
        (LoadResourceRow, [{**own, "t": s.t, "cpu_percent": s.cpu_percent,
                            "memory_mb": s.memory_mb} for s in result.resources]),
        (LoadVerdictRow, [{**own, "position": i, "criterion": v.criterion, "limit": v.limit,
                           "measured": v.measured, "passed": v.passed, "text": v.text,
                           "baseline_run_id": v.baseline_run_id, "baseline": v.baseline}
                          for i, v in enumerate(result.verdicts)]),
    ]


def _results(session: Session, rows: Sequence[LoadTestRow]) -> list[LoadResult]:
    """The load tests of ``rows``, in their order, with all their figures."""
    results = {row.id: _result(row) for row in rows}
    if not results:
        return []
    ids = list(results)
    for endpoint in _children(session, LoadEndpointRow, ids, LoadEndpointRow.position):
        results[endpoint.load_test_id].endpoints.append(EndpointStats(
            name=endpoint.name, method=endpoint.method,
            **{name: getattr(endpoint, name) for name in FIGURES}))
    for point in _children(session, LoadTimelineRow, ids, LoadTimelineRow.t):
        results[point.load_test_id].timeline.append(TimePoint(
            point.t, point.users, point.rps, point.failures_per_s, point.p50_ms, point.p95_ms))
    for group in _children(session, LoadErrorRow, ids, LoadErrorRow.position):
        results[group.load_test_id].errors.append(ErrorGroup(
            group.method, group.name, group.error, group.occurrences, group.first_seen))
    for sample in _children(session, LoadResourceRow, ids, LoadResourceRow.t):
        results[sample.load_test_id].resources.append(ResourceSample(
            sample.t, sample.cpu_percent, sample.memory_mb))
    for verdict in _children(session, LoadVerdictRow, ids, LoadVerdictRow.position):
        results[verdict.load_test_id].verdicts.append(CriterionVerdict(
            verdict.criterion, verdict.limit, verdict.measured, verdict.passed, verdict.text,
            verdict.baseline_run_id, verdict.baseline))
    return list(results.values())


def _children(session: Session, table: Any, ids: list[int], order: Any) -> Sequence[Any]:
    """The rows of ``table`` of the load tests ``ids``, each test's in ``order``."""
    return session.scalars(select(table).where(table.load_test_id.in_(ids))
                           .order_by(table.load_test_id, order, table.id)).all()


def _result(row: LoadTestRow) -> LoadResult:
    return LoadResult(
        name=row.name, target=row.target, status=LoadStatus(row.status), message=row.message,
        started_at=to_epoch(row.started_at), finished_at=to_epoch(row.finished_at),
        users_peak=row.users_peak, workers=row.workers,
        total=EndpointStats("Aggregated", **{name: getattr(row, name) for name in FIGURES}),
        hints=list(row.hints or []), baseline_run_id=row.baseline_run_id)
