"""A run's journeys: one ``journey_steps`` row per step, in the journey's planned order.

The steps are also a shard of the run (node ids ``journey:<journey>::<step>``), so
counts, history and the verdict see them; these rows keep what only a journey has: the
application, the steps it waited for and the values that flowed, masked as the engine
masked them. Saving a journey of a run again replaces its rows::

    store.save_journey(run_id, result)      # qatron.journeys.models.JourneyResult
    store.journeys(run_id)                  # [JourneyResult], by journey name
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from qatron.journeys.models import JourneyResult, StepResult, StepStatus
from qatron.store.models import JourneyStepRow
from qatron.store.records import from_epoch, to_epoch
from qatron.store.run_facts import lock_run

__all__ = ["journeys_of", "load_journeys", "save_journey"]

Sessions = Callable[..., AbstractContextManager[Session]]


def save_journey(sessions: Sessions, run_id: int, result: JourneyResult) -> None:
    """Record (or replace) the steps of the run's journey ``result.name``."""
    rows = [_values(run_id, result.name, position, step)
            for position, step in enumerate(result.steps)]
    with sessions(write=True) as session:
        lock_run(session, run_id, f"journey {result.name}")
        session.execute(delete(JourneyStepRow).where(JourneyStepRow.run_id == run_id,
                                                     JourneyStepRow.journey == result.name))
        if rows:
            session.execute(insert(JourneyStepRow), rows)


def load_journeys(sessions: Sessions, run_id: int) -> list[JourneyResult]:
    """The run's journeys by name, each with its steps in planned order."""
    with sessions() as session:
        return journeys_of(session, run_id)


def journeys_of(session: Session, run_id: int) -> list[JourneyResult]:
    """:func:`load_journeys` in a session already open."""
    query = (select(JourneyStepRow).where(JourneyStepRow.run_id == run_id)
             .order_by(JourneyStepRow.journey, JourneyStepRow.position))
    journeys: dict[str, JourneyResult] = {}
    for row in session.scalars(query):
        journeys.setdefault(row.journey, JourneyResult(row.journey)).steps.append(_step(row))
    return list(journeys.values())


def _values(run_id: int, journey: str, position: int, step: StepResult) -> dict[str, Any]:
    return {
        "run_id": run_id, "journey": journey, "step": step.step, "position": position,
        "app": step.app, "test": step.test, "status": StepStatus(step.status).value,
        "reason": step.reason, "needs": list(step.needs), "inputs": dict(step.inputs),
        "outputs": dict(step.outputs), "secrets": list(step.secrets),
        "attempts": step.attempts, "started_at": from_epoch(step.started_at),
        "finished_at": from_epoch(step.finished_at), "traceback": step.traceback,
        "output_tail": step.output_tail,
    }


def _step(row: JourneyStepRow) -> StepResult:
    return StepResult(
        journey=row.journey, step=row.step, app=row.app, test=row.test,
        status=StepStatus(row.status), reason=row.reason, needs=list(row.needs or []),
        inputs=dict(row.inputs or {}), outputs=dict(row.outputs or {}),
        secrets=list(row.secrets or []), attempts=row.attempts,
        started_at=to_epoch(row.started_at), finished_at=to_epoch(row.finished_at),
        traceback=row.traceback, output_tail=row.output_tail)
