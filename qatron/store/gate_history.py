"""What the quality gates compare a run with: the previous run of its suite, environment
and branch, and the last coverage measured on its branch (see :mod:`qatron.gates`)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from qatron.coverage_summary import CoverageSummary
from qatron.models import RunStatus
from qatron.store.models import RunCoverageRow, RunRow
from qatron.store.run_coverage import load_run_coverage

__all__ = ["previous_coverage", "previous_run_id"]

Sessions = Callable[..., AbstractContextManager[Session]]
_ENDED = [status.value for status in RunStatus if status.terminal]


def previous_run_id(sessions: Sessions, project: str, suite: str, environment: str,
                    branch: str | None, before: int) -> int | None:
    """The newest ended run of this suite, environment and branch older than run ``before``."""
    query = (select(RunRow.id)
             .where(RunRow.project == project, RunRow.suite == suite,
                    RunRow.environment == environment, RunRow.id < before,
                    RunRow.status.in_(_ENDED), _same_branch(branch))
             .order_by(RunRow.id.desc()).limit(1))
    with sessions() as session:
        found: int | None = session.scalar(query)
        return found


def previous_coverage(sessions: Sessions, project: str, layer: str, branch: str | None,
                      before: int) -> CoverageSummary | None:
    """The coverage of ``layer`` in the project's newest run on ``branch`` older than run
    ``before`` that measured it."""
    query = (select(RunCoverageRow.run_id).join(RunRow, RunRow.id == RunCoverageRow.run_id)
             .where(RunRow.project == project, RunCoverageRow.layer == layer,
                    RunRow.id < before, _same_branch(branch))
             .order_by(RunCoverageRow.run_id.desc()).limit(1))
    with sessions() as session:
        run_id = session.scalar(query)
    if run_id is None:
        return None
    return next((s for s in load_run_coverage(sessions, run_id) if s.layer == layer), None)


def _same_branch(branch: str | None) -> ColumnElement[bool]:
    return RunRow.branch.is_(None) if branch is None else RunRow.branch == branch
