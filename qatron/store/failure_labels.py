"""Labels people give failure clusters: the category and team a cluster's fingerprint
really has, kept per project, one per cluster (labelling it again replaces the label)::

    store.save_label(StoredLabel(project="shop", cluster="c1a2", fingerprint="…",
                                 category="network", team="platform", note="",
                                 labelled_at=now, labelled_by="ana"))
    store.labels("shop")     # [StoredLabel], oldest first
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qatron.store.models import FailureLabelRow

__all__ = ["StoredLabel", "load_labels", "save_label"]

Sessions = Callable[..., AbstractContextManager[Session]]


@dataclass(frozen=True)
class StoredLabel:
    """A project's label of one cluster, as its ``failure_labels`` row holds it."""

    project: str
    cluster: str
    fingerprint: str
    category: str
    team: str
    note: str
    labelled_at: datetime
    labelled_by: str


def save_label(sessions: Sessions, label: StoredLabel) -> None:
    """Record the label, replacing the project's earlier label of the same cluster."""
    try:
        _upsert(sessions, label)
    except IntegrityError:  # another writer inserted it first: now replace theirs
        _upsert(sessions, label)


def load_labels(sessions: Sessions, project: str | None = None) -> list[StoredLabel]:
    """The labels of ``project`` (of every project if None), oldest first."""
    query = select(FailureLabelRow).order_by(FailureLabelRow.labelled_at, FailureLabelRow.id)
    if project is not None:
        query = query.where(FailureLabelRow.project == project)
    with sessions() as session:
        return [StoredLabel(project=row.project, cluster=row.cluster,
                            fingerprint=row.fingerprint, category=row.category, team=row.team,
                            note=row.note, labelled_at=row.labelled_at,
                            labelled_by=row.labelled_by)
                for row in session.scalars(query)]


def _upsert(sessions: Sessions, label: StoredLabel) -> None:
    with sessions(write=True) as session:
        row = session.scalar(select(FailureLabelRow).with_for_update().where(
            FailureLabelRow.project == label.project, FailureLabelRow.cluster == label.cluster))
        if row is None:
            session.add(FailureLabelRow(**asdict(label)))
            return
        for name, value in asdict(label).items():
            setattr(row, name, value)
