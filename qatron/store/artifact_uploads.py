"""``artifact_uploads``: which files of a run folder are in S3, which failed to get there,
and which the retention clean-up deleted from the bucket.

One row per run and file (its path inside the run folder), replaced by each attempt::

    store.record_uploads(run_id, [ArtifactUpload(run_id, "junit.xml", "qa", "p/1/junit.xml",
                                                 2048, UPLOADED, 1, "")])
    store.runs_with_failed_uploads("shop")      # → [run ids] to upload again
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qatron.models import RunStatus
from qatron.store.models import ArtifactUploadRow, RunRow

__all__ = ["DELETED", "FAILED", "UPLOADED", "ArtifactUpload", "load_uploads", "mark_deleted",
           "record_uploads", "runs_uploaded_before", "runs_with_failed_uploads"]

Sessions = Callable[..., AbstractContextManager[Session]]
UPLOADED, FAILED, DELETED = "uploaded", "failed", "deleted"
_ENDED = [status.value for status in RunStatus if status.terminal]


@dataclass(frozen=True)
class ArtifactUpload:
    """One file of a run folder and where it went (``state``: uploaded, failed, deleted)."""

    run_id: int
    path: str
    bucket: str
    key: str
    size: int
    state: str
    attempts: int
    detail: str
    updated_at: datetime | None = None


def record_uploads(sessions: Sessions, run_id: int, uploads: Iterable[ArtifactUpload]) -> None:
    """Record how each file's latest attempt went; attempts add up per file."""
    now = datetime.now(UTC)
    with sessions(write=True) as session:
        rows = {row.path: row for row in session.scalars(
            select(ArtifactUploadRow).where(ArtifactUploadRow.run_id == run_id))}
        for upload in uploads:
            row = rows.get(upload.path)
            if row is None:
                row = rows[upload.path] = ArtifactUploadRow(run_id=run_id, path=upload.path,
                                                            attempts=0)
                session.add(row)
            row.bucket, row.key, row.size = upload.bucket, upload.key, upload.size
            row.state, row.detail, row.updated_at = upload.state, upload.detail, now
            row.attempts += upload.attempts


def load_uploads(sessions: Sessions, run_id: int) -> list[ArtifactUpload]:
    """The run's files as last recorded, by path."""
    query = (select(ArtifactUploadRow).where(ArtifactUploadRow.run_id == run_id)
             .order_by(ArtifactUploadRow.path))
    with sessions() as session:
        return [ArtifactUpload(row.run_id, row.path, row.bucket, row.key, row.size, row.state,
                               row.attempts, row.detail, row.updated_at)
                for row in session.scalars(query)]


def runs_with_failed_uploads(sessions: Sessions, project: str) -> list[int]:
    """The project's runs with a file whose upload failed, oldest first."""
    query = (select(ArtifactUploadRow.run_id).distinct()
             .join(RunRow, RunRow.id == ArtifactUploadRow.run_id)
             .where(RunRow.project == project, ArtifactUploadRow.state == FAILED)
             .order_by(ArtifactUploadRow.run_id))
    with sessions() as session:
        return list(session.scalars(query))


def runs_uploaded_before(sessions: Sessions, project: str, before: datetime) -> list[int]:
    """The project's runs that ended before ``before`` and still have files in S3."""
    query = (select(ArtifactUploadRow.run_id).distinct()
             .join(RunRow, RunRow.id == ArtifactUploadRow.run_id)
             .where(RunRow.project == project, RunRow.status.in_(_ENDED),
                    RunRow.finished_at < before, ArtifactUploadRow.state == UPLOADED)
             .order_by(ArtifactUploadRow.run_id))
    with sessions() as session:
        return list(session.scalars(query))


def mark_deleted(sessions: Sessions, run_id: int) -> None:
    """The run's uploaded files are no longer in the bucket."""
    with sessions(write=True) as session:
        session.execute(update(ArtifactUploadRow).where(
            ArtifactUploadRow.run_id == run_id, ArtifactUploadRow.state == UPLOADED)
            .values(state=DELETED, updated_at=datetime.now(UTC)))
