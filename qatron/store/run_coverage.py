"""Line and branch coverage per run and layer: one ``run_coverage`` row each.

A row keeps the line and branch totals (branches null when not measured), the
layer's threshold at the time and each file's ``[covered, statements]``, so
reports, ``qatron runs status`` and the history of a layer need no coverage.py
data files.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qatron.coverage_summary import CoverageSummary
from qatron.errors import StoreError
from qatron.store.models import RunCoverageRow, RunRow

__all__ = ["coverage_history", "load_run_coverage", "save_run_coverage"]

Sessions = Callable[..., AbstractContextManager[Session]]


def save_run_coverage(sessions: Sessions, run_id: int, summary: CoverageSummary) -> None:
    """Record (or replace) the coverage of the run's ``summary.layer``."""
    try:
        _save(sessions, run_id, summary)
    except IntegrityError:  # another writer inserted this run and layer first: now update it
        _save(sessions, run_id, summary)


def load_run_coverage(sessions: Sessions, run_id: int) -> list[CoverageSummary]:
    """The run's coverage, one summary per layer (usually one), by layer."""
    query = (select(RunCoverageRow).where(RunCoverageRow.run_id == run_id)
             .order_by(RunCoverageRow.layer))
    with sessions() as session:
        return [_summary(row) for row in session.scalars(query)]


def coverage_history(sessions: Sessions, project: str, layer: str,
                     last: int = 20) -> list[CoverageSummary]:
    """The layer's coverage in the project's ``last`` runs that measured it, newest first."""
    query = (select(RunCoverageRow).join(RunRow, RunRow.id == RunCoverageRow.run_id)
             .where(RunRow.project == project, RunCoverageRow.layer == layer)
             .order_by(RunCoverageRow.run_id.desc()).limit(last))
    with sessions() as session:
        return [_summary(row) for row in session.scalars(query)]


def _save(sessions: Sessions, run_id: int, summary: CoverageSummary) -> None:
    with sessions(write=True) as session:
        if session.get(RunRow, run_id) is None:
            raise StoreError(f"run {run_id} does not exist: cannot record its "
                             f"{summary.layer} coverage")
        row = session.scalar(select(RunCoverageRow).where(
            RunCoverageRow.run_id == run_id, RunCoverageRow.layer == summary.layer))
        if row is None:
            row = RunCoverageRow(run_id=run_id, layer=summary.layer)
            session.add(row)
        row.percent, row.covered, row.statements = (summary.percent, summary.covered,
                                                    summary.statements)
        row.branches, row.covered_branches = summary.branches, summary.covered_branches
        row.threshold = summary.threshold
        row.files = {path: [covered, total] for path, (covered, total) in summary.files.items()}
        row.created_at = summary.created_at or datetime.now(UTC)


def _summary(row: RunCoverageRow) -> CoverageSummary:
    return CoverageSummary(
        layer=row.layer, covered=row.covered, statements=row.statements,
        files={path: (counts[0], counts[1]) for path, counts in row.files.items()},
        threshold=row.threshold, run_id=row.run_id, created_at=row.created_at,
        branches=row.branches, covered_branches=row.covered_branches)
