"""Who or what triggered each run (``runs.triggered_by``, see :mod:`qatron.audit`)::

    store.record_trigger(run_id, {"kind": "cli", "by": "alice@build-7"})  # the first wins
    for entry in store.triggers("shop", since=datetime(2026, 12, 1, tzinfo=UTC)):
        print(entry.run_id, entry.trigger)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qatron.errors import StoreError
from qatron.store.models import RunRow

__all__ = ["TriggerEntry", "record_trigger", "triggers"]

Sessions = Callable[..., AbstractContextManager[Session]]


@dataclass(frozen=True)
class TriggerEntry:
    """One run's audit entry: what it ran, how it ended, and its trigger (None: unknown)."""

    run_id: int
    project: str
    suite: str
    environment: str
    status: str
    created_at: datetime
    finished_at: datetime | None
    flow_run_id: str | None
    trigger: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "project": self.project, "suite": self.suite,
                "environment": self.environment, "status": self.status,
                "created_at": self.created_at.isoformat(),
                "finished_at": self.finished_at.isoformat() if self.finished_at else None,
                "flow_run_id": self.flow_run_id, "triggered_by": self.trigger}


def record_trigger(sessions: Sessions, run_id: int, trigger: Mapping[str, Any]
                   ) -> dict[str, Any]:
    """Record the run's trigger unless one is recorded (a resumed run keeps the first);
    return the recorded one."""
    with sessions(write=True) as session:
        row = session.get(RunRow, run_id, with_for_update=True)
        if row is None:
            raise StoreError(f"run {run_id} does not exist: cannot record its trigger")
        if row.triggered_by is None:
            row.triggered_by = dict(trigger)
        return dict(row.triggered_by)


def triggers(sessions: Sessions, project: str | None = None, since: datetime | None = None,
             limit: int = 200) -> list[TriggerEntry]:
    """The newest ``limit`` runs (of ``project``, created since ``since``), newest first."""
    query = select(RunRow.id, RunRow.project, RunRow.suite, RunRow.environment, RunRow.status,
                   RunRow.created_at, RunRow.finished_at, RunRow.flow_run_id,
                   RunRow.triggered_by)
    if project is not None:
        query = query.where(RunRow.project == project)
    if since is not None:
        query = query.where(RunRow.created_at >= since)
    with sessions() as session:
        rows = session.execute(query.order_by(RunRow.id.desc()).limit(limit)).all()
    return [TriggerEntry(*row) for row in rows]
