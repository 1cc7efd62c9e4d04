"""Labels: a person's category and team for a failure cluster, kept in the results store.

A label names a cluster by its id (as ``qatron failures RUN_ID`` shows it) and is kept
with the cluster's fingerprint, found in the stored analyses of the project's earlier
runs; labelling a cluster again replaces its label. The analysis of later runs gives a
failure the label whose ``Label.fingerprint`` is its own or alike it
(:data:`qatron.failures.similarity.LABEL_THRESHOLD`)::

    label = label_cluster(project, "c1a2b3", category="schema_drift", team="dba")
    labels = labels_by_fingerprint(load_labels(store, project.name))   # {fingerprint: Label}
    Analyser(config, root, labels=labels)  # failures like a labelled cluster get its label

Categories are the built-in ones (:data:`qatron.failures.categories.CATEGORIES`) and the
project's own ``failure_analysis.categories``.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from qatron.errors import ConfigError

if TYPE_CHECKING:
    from qatron.config import FailureAnalysis, Project
    from qatron.store import ResultsStore

__all__ = ["Label", "check_category", "known_categories", "label_cluster",
           "labels_by_fingerprint", "load_labels", "save_label"]


@dataclass(frozen=True)
class Label:
    """A project's label of one cluster: what a person says its failures are."""

    project: str
    cluster: str
    fingerprint: str
    category: str
    team: str
    note: str
    labelled_at: datetime
    labelled_by: str


def known_categories(config: FailureAnalysis | None = None) -> frozenset[str]:
    """The category names a label may use: the built-in ones and ``config``'s own."""
    from qatron.failures.categories import CATEGORIES

    return frozenset([*CATEGORIES, *(c.name for c in (config.categories if config else []))])


def check_category(category: str, config: FailureAnalysis | None = None) -> str:
    """``category`` if a label may use it; else ConfigError listing the known ones."""
    known = known_categories(config)
    if category not in known:
        raise ConfigError(f"unknown category {category!r}; expected one of "
                          f"{', '.join(sorted(known))}")
    return category


def save_label(store: ResultsStore, project: str, cluster: str, *, category: str, team: str,
               note: str = "", by: str | None = None,
               config: FailureAnalysis | None = None) -> Label:
    """Label the project's cluster ``cluster``, replacing its earlier label; the label.

    Raises ConfigError for an unknown category, an empty team, or a cluster no stored
    analysis of the project has.
    """
    check_category(category, config)
    if not team.strip():
        raise ConfigError("give the team the cluster belongs to (--team NAME)")
    fingerprint = store.cluster_fingerprint(project, cluster)
    if fingerprint is None:
        raise ConfigError(f"no stored analysis of project {project!r} has cluster "
                          f"{cluster!r}; see the clusters of a run with "
                          "`qatron failures RUN_ID`")
    label = Label(project=project, cluster=cluster, fingerprint=fingerprint,
                  category=category, team=team.strip(), note=note,
                  labelled_at=datetime.now(UTC), labelled_by=by or current_user())
    store.save_label(label)
    return label


def load_labels(store: ResultsStore, project: str | None = None) -> list[Label]:
    """The project's labels (every project's if None), oldest first."""
    return store.labels(project)


def labels_by_fingerprint(labels: Iterable[Label]) -> dict[str, Label]:
    """Labels by the fingerprint they match; the newest wins where two share one."""
    ordered = sorted(labels, key=lambda label: label.labelled_at)
    return {label.fingerprint: label for label in ordered}


def label_cluster(project: Project, cluster: str, *, category: str, team: str,
                  note: str = "") -> Label:
    """Label a cluster of ``project``'s results store (``qatron label-failure``)."""
    from qatron.store import ResultsStore, database_url

    with ResultsStore(database_url(project)) as store:
        return save_label(store, project.name, cluster, category=category, team=team,
                          note=note, config=project.config.failure_analysis)


def current_user() -> str:
    """The OS user running QAtron, or ``unknown`` where it has no name (some containers)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
