"""Dataset validations in the results store: one ``dataset_validations`` row each.

A row keeps the report's counts, content hash and per-expectation outcomes
(``results``, JSON), so ``qatron datasets health`` and the run gate can show
the history without rerunning Great Expectations.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qatron.datasets.report import DatasetReport, ExpectationOutcome
from qatron.errors import StoreError
from qatron.store.models import DatasetValidationRow, RunRow

__all__ = ["load_validations", "save_validation"]

Sessions = Callable[..., AbstractContextManager[Session]]


def save_validation(sessions: Sessions, project: str, report: DatasetReport,
                    run_id: int | None = None) -> int:
    """Record one validation of ``project``'s dataset; return the row's id."""
    run_id = report.run_id if run_id is None else run_id
    row = DatasetValidationRow(
        project=project, dataset=report.dataset, run_id=run_id, success=report.success,
        evaluated=report.evaluated, failed=report.failed, rows=report.rows,
        content_hash=report.content_hash,
        results=[asdict(outcome) for outcome in report.results],
        validated_at=report.validated_at or datetime.now(UTC), duration=report.duration,
    )
    with sessions(write=True) as session:
        if run_id is not None and session.get(RunRow, run_id) is None:
            raise StoreError(f"run {run_id} does not exist: cannot record a validation of "
                             f"dataset {report.dataset!r} for it")
        session.add(row)
        session.flush()
        return row.id


def load_validations(sessions: Sessions, project: str, dataset: str,
                     limit: int = 20) -> list[DatasetReport]:
    """The newest ``limit`` validations of the dataset, newest first."""
    query = (select(DatasetValidationRow)
             .where(DatasetValidationRow.project == project,
                    DatasetValidationRow.dataset == dataset)
             .order_by(DatasetValidationRow.validated_at.desc(), DatasetValidationRow.id.desc())
             .limit(limit))
    with sessions() as session:
        return [_report(row) for row in session.scalars(query)]


def _report(row: DatasetValidationRow) -> DatasetReport:
    return DatasetReport(
        dataset=row.dataset, success=row.success, evaluated=row.evaluated, failed=row.failed,
        rows=row.rows, content_hash=row.content_hash, duration=row.duration,
        results=[ExpectationOutcome(**outcome) for outcome in row.results],
        run_id=row.run_id, validated_at=row.validated_at,
    )
