"""A run's failure analysis and the notifications sent about it.

One ``failure_analyses`` row per run holds each failure's verdict and the
clusters, as ``Analysed.to_json()`` and ``Cluster.to_json()`` give them; each
failure is also a ``run_failures`` row (nodeid, category, team, cluster,
fingerprint, confidence, evidence), so a cluster's fingerprint is one indexed
query away. Saving again replaces both whole. ``run_notifications`` holds one row
per message sent (``<cluster>:<team>``), unique per run, so recording one never
rewrites the others::

    store.save_failure_analysis(run_id, failures, clusters)
    earlier = store.cluster_history("shop", excluding=run_id)   # [(created_at, clusters)]
    store.run_failures(run_id)                                  # [StoredFailure]
    store.cluster_fingerprint("shop", "c1a2")                   # newest run's, or None
    new = store.mark_notified(run_id, ["c1a2:platform"])          # ["c1a2:platform"] once
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from qatron.store.models import FailureAnalysisRow, NotificationRow, RunFailureRow, RunRow
from qatron.store.run_facts import lock_run

__all__ = ["StoredAnalysis", "StoredFailure", "cluster_fingerprint", "cluster_history",
           "load_failure_analysis", "load_run_failures", "mark_notified", "notified",
           "save_failure_analysis"]

Sessions = Callable[..., AbstractContextManager[Session]]


@dataclass(frozen=True)
class StoredAnalysis:
    """A run's stored failure analysis: each failure's verdict and the clusters, as JSON."""

    run_id: int
    analysed_at: datetime
    failures: list[dict[str, Any]]
    clusters: list[dict[str, Any]]


@dataclass(frozen=True)
class StoredFailure:
    """One analysed failure of a run, as its ``run_failures`` row holds it."""

    run_id: int
    nodeid: str
    category: str
    team: str
    cluster: str
    fingerprint: str
    confidence: float
    evidence: str


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
        session.execute(delete(RunFailureRow).where(RunFailureRow.run_id == run_id))
        if failures:
            session.execute(insert(RunFailureRow), [_failure_values(run_id, position, item)
                                                    for position, item in enumerate(failures)])


def _failure_values(run_id: int, position: int, item: dict[str, Any]) -> dict[str, Any]:
    """A ``run_failures`` row from ``Analysed.to_json()`` (missing keys left empty)."""
    def text(key: str) -> str:
        return str(item.get(key) or "")

    return {"run_id": run_id, "position": position, "nodeid": text("nodeid"),
            "category": text("category"), "team": text("team"), "cluster": text("cluster"),
            "fingerprint": text("fingerprint"), "evidence": text("evidence"),
            "confidence": float(item.get("confidence") or 0.0)}


def load_run_failures(sessions: Sessions, run_id: int) -> list[StoredFailure]:
    """The run's analysed failures, in the order the analysis gave them."""
    query = (select(RunFailureRow).where(RunFailureRow.run_id == run_id)
             .order_by(RunFailureRow.position))
    with sessions() as session:
        return [StoredFailure(run_id=row.run_id, nodeid=row.nodeid, category=row.category,
                              team=row.team, cluster=row.cluster, fingerprint=row.fingerprint,
                              confidence=row.confidence, evidence=row.evidence)
                for row in session.scalars(query)]


def cluster_fingerprint(sessions: Sessions, project: str, cluster: str) -> str | None:
    """The fingerprint of cluster ``cluster`` in the project's newest run that had it,
    or None if no stored analysis of the project has that cluster."""
    query = (select(RunFailureRow.fingerprint)
             .join(RunRow, RunRow.id == RunFailureRow.run_id)
             .where(RunRow.project == project, RunFailureRow.cluster == cluster,
                    RunFailureRow.fingerprint != "")
             .order_by(RunFailureRow.run_id.desc()).limit(1))
    with sessions() as session:
        found: str | None = session.scalar(query)
        return found


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
