"""A run's failure analysis and the notifications sent about it.

One ``failure_analyses`` row per run holds each failure's verdict and the
clusters, as ``Analysed.to_json()`` and ``Cluster.to_json()`` give them; saving
again replaces it whole. ``run_notifications`` holds one row per message sent
(``<cluster>:<team>``), unique per run, so recording one never rewrites the others::

    store.save_failure_analysis(run_id, failures, clusters)
    earlier = store.cluster_history("shop", excluding=run_id)   # [(created_at, clusters)]
    new = store.mark_notified(run_id, ["c1a2:platform"])          # ["c1a2:platform"] once
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from qatron.store.models import FailureAnalysisRow, NotificationRow, RunRow
from qatron.store.run_facts import lock_run

__all__ = ["StoredAnalysis", "cluster_history", "load_failure_analysis", "mark_notified",
           "notified", "save_failure_analysis"]

Sessions = Callable[..., AbstractContextManager[Session]]


@dataclass(frozen=True)
class StoredAnalysis:
    """A run's stored failure analysis: each failure's verdict and the clusters, as JSON."""

    run_id: int
    analysed_at: datetime
    failures: list[dict[str, Any]]
    clusters: list[dict[str, Any]]


def save_failure_analysis(sessions: Sessions, run_id: int,
                          failures: Sequence[dict[str, Any]],
                          clusters: Sequence[dict[str, Any]]) -> None:
    """Record the run's analysis, replacing an earlier one of the run at once."""
    with sessions(write=True) as session:
        lock_run(session, run_id, "failure analysis")
        row = session.get(FailureAnalysisRow, run_id)
        if row is None:
            row = FailureAnalysisRow(run_id=run_id)
            session.add(row)
        row.analysed_at = datetime.now(UTC)
        row.failures, row.clusters = list(failures), list(clusters)


def load_failure_analysis(sessions: Sessions, run_id: int) -> StoredAnalysis | None:
    """The run's analysis, or None if its failures were never analysed."""
    with sessions() as session:
        row = session.get(FailureAnalysisRow, run_id)
        if row is None:
            return None
        return StoredAnalysis(run_id=row.run_id, analysed_at=row.analysed_at,
                              failures=list(row.failures), clusters=list(row.clusters))


def cluster_history(sessions: Sessions, project: str, *, last: int = 200,
                    excluding: int | None = None) -> list[tuple[datetime, list[dict[str, Any]]]]:
    """(created_at, clusters) of the project's ``last`` analysed runs, newest first,
    without run ``excluding``."""
    query = (select(RunRow.created_at, FailureAnalysisRow.clusters)
             .join(RunRow, RunRow.id == FailureAnalysisRow.run_id)
             .where(RunRow.project == project)
             .order_by(FailureAnalysisRow.run_id.desc()).limit(last))
    if excluding is not None:
        query = query.where(FailureAnalysisRow.run_id != excluding)
    with sessions() as session:
        return [(created_at, list(clusters)) for created_at, clusters in session.execute(query)]


def mark_notified(sessions: Sessions, run_id: int, keys: Iterable[str]) -> list[str]:
    """Record messages sent about the run; return the keys not recorded before, in order."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    with sessions(write=True) as session:
        lock_run(session, run_id, "notifications")
        known = set(session.scalars(select(NotificationRow.key)
                                    .where(NotificationRow.run_id == run_id)))
        new = [key for key in wanted if key not in known]
        now = datetime.now(UTC)
        if new:
            session.execute(insert(NotificationRow),
                            [{"run_id": run_id, "key": key, "sent_at": now} for key in new])
    return new


def notified(sessions: Sessions, run_id: int) -> list[str]:
    """The keys of the messages sent about the run, in the order they were recorded."""
    query = (select(NotificationRow.key).where(NotificationRow.run_id == run_id)
             .order_by(NotificationRow.id))
    with sessions() as session:
        return list(session.scalars(query))
