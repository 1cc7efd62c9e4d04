"""How flaky each test has been: its last runs in the results store, scored.

For each test, over the newest ``last`` ended runs of the project (or of one
suite) in which it ran — skipped tests and tests a broken shard never
started do not count::

    flaky_runs  runs in which it failed and then passed on a rerun (flaky=True)
    flips       changes between failing and passing from one such run to the next
    score       min(1, (flaky_runs + flips) / runs)

A test that always passes, or always fails, scores 0; one that fails every
other run, or needs a rerun every time, scores about 1. ``last_failure`` is
when the newest run in which it failed at least once (finally, or on a first
attempt) started.

    >>> store.flakiness("shop", last=20)["tests/e2e/test_checkout.py::test_coupon"].score
    0.35
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from qatron.models import Outcome, RunStatus
from qatron.store.models import RunRow, TestResultRow

__all__ = ["FlakinessRecord", "flakiness"]

Sessions = Callable[..., AbstractContextManager[Session]]

_ENDED = [status.value for status in RunStatus if status.terminal]
_FAILED = {Outcome.FAILED.value, Outcome.ERROR.value}


@dataclass(frozen=True)
class FlakinessRecord:
    """One test's flakiness over its last ``runs`` runs (see the module docstring)."""

    nodeid: str
    runs: int
    flaky_runs: int
    flips: int
    score: float
    last_failure: datetime | None


def flakiness(sessions: Sessions, project: str, suite: str | None = None,
              last: int = 20) -> dict[str, FlakinessRecord]:
    """Every test of ``project`` (``suite``) that ran in an ended run, by node id."""
    if last < 1:
        raise ValueError(f"last must be at least 1, not {last}")
    with sessions() as session:
        rows = session.execute(_history(project, suite, last)).all()
    return {nodeid: _score(nodeid, list(history))
            for nodeid, history in groupby(rows, key=lambda row: row.nodeid)}


def _history(project: str, suite: str | None, last: int) -> Select[Any]:
    """(nodeid, outcome, flaky, started) of each test's newest ``last`` runs, oldest first."""
    rank = func.row_number().over(
        partition_by=TestResultRow.nodeid,
        order_by=(TestResultRow.run_id.desc(), TestResultRow.id.desc()),
    ).label("rank")
    started = func.coalesce(RunRow.started_at, RunRow.created_at)
    inner = (select(TestResultRow.nodeid, TestResultRow.run_id, TestResultRow.outcome,
                    TestResultRow.flaky, started.label("started"), rank)
             .join(RunRow, RunRow.id == TestResultRow.run_id)
             .where(RunRow.project == project, RunRow.status.in_(_ENDED),
                    TestResultRow.outcome != Outcome.SKIPPED.value,
                    TestResultRow.started_at.is_not(None)))
    if suite is not None:
        inner = inner.where(RunRow.suite == suite)
    recent = inner.subquery()
    return (select(recent.c.nodeid, recent.c.outcome, recent.c.flaky, recent.c.started)
            .where(recent.c.rank <= last)
            .order_by(recent.c.nodeid, recent.c.run_id))


def _score(nodeid: str, history: list[Any]) -> FlakinessRecord:
    failing = [row.outcome in _FAILED for row in history]
    flaky_runs = sum(1 for row in history if row.flaky)
    flips = sum(1 for before, after in zip(failing, failing[1:], strict=False) if before != after)
    failed_at = [row.started for row, failed in zip(history, failing, strict=True)
                 if failed or row.flaky]
    return FlakinessRecord(
        nodeid=nodeid, runs=len(history), flaky_runs=flaky_runs, flips=flips,
        score=min(1.0, (flaky_runs + flips) / len(history)),
        last_failure=_aware(failed_at[-1]) if failed_at else None,
    )


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
