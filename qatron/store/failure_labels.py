"""Labels people give failure clusters: the category and team a cluster's fingerprint
really has, kept per project, one per cluster (labelling it again replaces the label)::

    store.save_label(Label(project="shop", cluster="c1a2", fingerprint="…",
                           category="upstream_unreachable", team="platform", note="",
                           labelled_at=now, labelled_by="ana"))
    store.labels("shop")     # [Label], oldest first

``Label`` is :class:`qatron.failures.labels.Label`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qatron.failures.labels import Label
from qatron.store.models import FailureLabelRow

__all__ = ["load_labels", "save_label"]

Sessions = Callable[..., AbstractContextManager[Session]]


def save_label(sessions: Sessions, label: Label) -> None:
    """Record the label, replacing the project's earlier label of the same cluster."""
    try:
        _upsert(sessions, label)
    except IntegrityError:  # another writer inserted it first: now replace theirs
        _upsert(sessions, label)


def load_labels(sessions: Sessions, project: str | None = None) -> list[Label]:
    """The labels of ``project`` (of every project if None), oldest first."""
    query = select(FailureLabelRow).order_by(FailureLabelRow.labelled_at, FailureLabelRow.id)
    if project is not None:
        query = query.where(FailureLabelRow.project == project)
    with sessions() as session:
        return [Label(project=row.project, cluster=row.cluster,
                            fingerprint=row.fingerprint, category=row.category, team=row.team,
                            note=row.note, labelled_at=row.labelled_at,
                            labelled_by=row.labelled_by)
                for row in session.scalars(query)]


def _upsert(sessions: Sessions, label: Label) -> None:
    with sessions(write=True) as session:
        row = session.scalar(select(FailureLabelRow).with_for_update().where(
            FailureLabelRow.project == label.project, FailureLabelRow.cluster == label.cluster))
        if row is None:
            session.add(FailureLabelRow(**asdict(label)))
            return
        for name, value in asdict(label).items():
            setattr(row, name, value)
