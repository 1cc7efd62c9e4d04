"""Categorise, cluster, route and explain a batch of failures.

    >>> analysis = analyse(failures, project.config.failure_analysis, project.root)
    >>> analysis.by("team")  # {"payments": [...], "qa": [...]}
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qatron.failures.categories import LEGACY, Rule, built_in, compile_rules, match_rules
from qatron.failures.clusters import cluster_id, fingerprint
from qatron.failures.frames import innermost_frame
from qatron.failures.labels import Label
from qatron.failures.model import (
    Analysed,
    Analysis,
    Cluster,
    Failure,
    Verdict,
    read_failures,
)
from qatron.failures.owners import OwnerRule, owner_rules, owners_of
from qatron.failures.similarity import by_similarity, merge
from qatron.failures.suggest import suggest
from qatron.failures.under_test import packages_under_test

if TYPE_CHECKING:  # qatron.config costs 0.15 s to import: `failures analyze` avoids it
    from qatron.config import FailureAnalysis, Project

#: The team of a failure no routing or owners file names, without a qatron.yml.
DEFAULT_TEAM = "qa"


class Analyser:
    """The rules of one configuration, compiled once; :meth:`analyse` is cheap per failure."""

    def __init__(self, config: FailureAnalysis | None = None, root: Path | None = None,
                 source: str = "qatron.yml", labels: Mapping[str, Label] | None = None) -> None:
        self.routing: dict[str, str] = dict(config.routing) if config else {}
        self.default_team = config.default_team if config else DEFAULT_TEAM
        self.root = root
        self.rules: list[Rule] = compile_rules(
            [(c.name, c.patterns) for c in (config.categories if config else [])], source)
        self.owners: list[OwnerRule] = owner_rules(root) if root else []
        self.labels: Mapping[str, Label] = labels or {}

    def one(self, failure: Failure, under_test: frozenset[str] = frozenset()) -> Analysed:
        """User rules first, then a label of a cluster like it, then the built-in causes;
        the fingerprint is always the built-in cause's, which labels are keyed on.
        ``under_test``: installed packages that are the product in the failure's run."""
        ruled = match_rules(failure, self.rules)
        verdict = built_in(failure, under_test)
        printed = fingerprint(failure, verdict.category)
        label = None if ruled else self.label_of(printed)
        if ruled is not None:
            verdict = ruled
        elif label is not None:
            verdict = Verdict(label.category, 0.97, f"like cluster {label.cluster}, labelled "
                              f"on {label.labelled_at:%Y-%m-%d} by {label.labelled_by}"
                              + (f": {label.note}" if label.note else ""))
        team, why = (label.team, f"label of cluster {label.cluster}") if label is not None \
            else self.team(failure, verdict.category)
        return Analysed(failure=failure, category=verdict.category,
                        confidence=verdict.confidence, evidence=verdict.evidence,
                        cluster=cluster_id(printed), fingerprint=printed, team=team,
                        team_evidence=why)

    def label_of(self, printed: str) -> Label | None:
        """The label of the labelled cluster whose fingerprint is ``printed``'s or like it
        (:data:`~qatron.failures.similarity.LABEL_THRESHOLD`), if any."""
        if not self.labels:
            return None
        found = by_similarity(printed, self.labels)
        return self.labels[found] if found is not None else None

    def team(self, failure: Failure, category: str) -> tuple[str, str]:
        """category → team from qatron.yml, else the owners of the product frame or the
        test file, else the default team."""
        for name in (category, *LEGACY.get(category, ())):
            routed = self.routing.get(name)
            if routed:
                return routed, f"routing: {name} -> {routed}"
        if not self.owners:
            return self.default_team, "default team"
        frame = innermost_frame(failure.traceback)
        for path in ([self._relative(frame.path)] if frame else []) + [failure.test_file]:
            found = owners_of(path, self.owners) if path else None
            if found:
                owners, rule = found
                return owners[0].lstrip("@"), f"{rule} (for {path})"
        return self.default_team, "default team"

    def _relative(self, path: str) -> str:
        if self.root is None or not path.startswith("/"):
            return path
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return ""

    def analyse(self, failures: Iterable[Failure], seen_at: float | None = None) -> Analysis:
        """Every failure analysed, then grouped into clusters (largest first): failures
        of one category whose fingerprints are alike are one cluster, named after its
        most frequent fingerprint. A run whose tests exercise an installed package has
        that package read as the product (:mod:`qatron.failures.under_test`)."""
        batch = list(failures)
        under_test = packages_under_test(batch)
        analysed = [self.one(failure, under_test.get(failure.run, frozenset()))
                    for failure in batch]
        leaders = merge([item.fingerprint for item in analysed])
        clusters: dict[str, Cluster] = {}
        for item in analysed:
            item.cluster = cluster_id(leaders[item.fingerprint])
            cluster = clusters.get(item.cluster)
            if cluster is None:
                item.suggestion = suggest(item)
                cluster = clusters[item.cluster] = Cluster(
                    id=item.cluster, fingerprint=leaders[item.fingerprint],
                    category=item.category,
                    team=item.team, representative=item.failure.nodeid,
                    suggestion=item.suggestion, first_seen=seen_at or time.time(),
                    last_seen=seen_at or time.time())
            else:
                item.suggestion = cluster.suggestion
            cluster.tests.append(item.failure.nodeid)
            cluster.count += 1
        ordered = sorted(clusters.values(), key=lambda c: (-c.count, c.id))
        return Analysis(failures=analysed, clusters=ordered)


def analyse(failures: Iterable[Failure], config: FailureAnalysis | None = None,
            root: Path | None = None) -> Analysis:
    """Analyse ``failures`` with ``config``'s rules and the owners files under ``root``."""
    return Analyser(config, root).analyse(failures)


def analyse_files(paths: Iterable[Path], project: Project | None = None) -> Analysis:
    """The failed tests of JUnit XML files of any runner, analysed with ``project``'s
    rules, routing and owners files (without one: the built-in categories and the owners
    files of the working directory)."""
    failures = [failure for path in paths for failure in read_failures(Path(path))]
    analyser = Analyser(project.config.failure_analysis, project.root, str(project.path)) \
        if project is not None else Analyser(root=Path.cwd())
    return analyser.analyse(failures)


def recall(clusters: Iterable[Cluster],
           earlier: Iterable[tuple[float, list[dict[str, Any]]]]) -> None:
    """Give ``clusters`` their history: ``earlier`` holds (when, its clusters as JSON) of
    earlier runs; a cluster seen there gets that first sighting and counts those runs."""
    ours = {cluster.id: cluster for cluster in clusters}
    for when, found in earlier:
        for other in found:
            cluster = ours.get(other.get("id", ""))
            if cluster is not None:
                cluster.runs += 1
                cluster.first_seen = min(cluster.first_seen or when, when)
