"""The quality of a suite on an environment, and of a whole project, from the results store.

    >>> quality = analyse_project(store, project)               # every suite × environment
    >>> quality.score, quality.summary
    >>> scope = analyse_scope(store, "shop", "e2e", "staging", last=20)
    >>> [(m.name, m.value, m.status) for m in scope.metrics]

**Score (0–100).** Each measured metric scores 100 when it meets its target, else
``100 × value / target`` (higher is better) or ``100 × target / value`` (lower is
better); the scope's score is the weighted mean over the metrics it has, with the
weights of :data:`SCORE_WEIGHTS` (the layers' line coverage share one weight, and so do
the load tests). Unmeasured metrics drop out and the others' weights are rescaled. The
project's score is the mean of its scopes' scores.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from qatron.analytics.anomalies import find_anomalies
from qatron.analytics.changes import ChangedLines, changed_lines
from qatron.analytics.insights import build_insights, format_value
from qatron.analytics.metrics import compute_metrics, pass_rate, test_histories
from qatron.analytics.models import (
    Metric,
    ProjectQuality,
    RunPoint,
    ScopeQuality,
    SlowTest,
    Status,
)
from qatron.config_analytics import Analytics
from qatron.store.history import ScopeHistory

if TYPE_CHECKING:
    from qatron.config import Project
    from qatron.store import ResultsStore

__all__ = ["SCORE_WEIGHTS", "analyse_project", "analyse_scope", "quality_score"]

#: Each metric's weight in the quality score (see the module docstring).
SCORE_WEIGHTS: dict[str, float] = {
    "pass_rate": 35, "flaky_rate": 15, "line_coverage": 15, "suite_duration": 10,
    "test_effectiveness": 10, "defect_density": 10, "load_p95_ms": 5,
}
SLOWEST = 10


def analyse_project(store: ResultsStore, project: Project, *, suite: str | None = None,
                    environment: str | None = None, last: int | None = None,
                    since: datetime | None = None) -> ProjectQuality:
    """Every suite and environment the project has run (or those named), analysed with
    qatron.yml's ``analytics:`` targets over its window (or the ``last`` runs)."""
    settings: Analytics = project.config.analytics
    window = last or settings.window
    today = datetime.now().date()
    entries = [q for q in project.config.quarantine if q.until >= today]

    def quarantined(nodeid: str) -> bool:
        return any(entry.covers(nodeid) for entry in entries)

    scopes = [analyse_scope(store, project.name, name, env, settings=settings, last=window,
                            since=since, project_dir=project.root, quarantined=quarantined)
              for name, env, _ in store.history_scopes(project.name)
              if suite in (None, name) and environment in (None, env)]
    scores = [scope.score for scope in scopes if scope.score is not None]
    score = round(statistics.fmean(scores), 1) if scores else None
    return ProjectQuality(project=project.name, window=window, scopes=scopes, score=score,
                          summary=_project_summary(project.name, scopes, score))


def analyse_scope(store: ResultsStore, project: str, suite: str, environment: str, *,
                  settings: Analytics | None = None, last: int | None = None,
                  since: datetime | None = None, project_dir: Path | None = None,
                  quarantined: Callable[[str], bool] = lambda nodeid: False) -> ScopeQuality:
    """The metrics, anomalies, insights, score and summary of one suite on one environment
    over its newest ``last`` ended runs (the settings' window), created since ``since``."""
    settings = settings or Analytics()
    history = store.scope_history(project, suite, environment, last=last or settings.window,
                                  since=since)
    tests = test_histories(history)
    metrics = compute_metrics(history, tests, settings, _changes(history, project_dir))
    anomalies = find_anomalies(history, tests)
    insights = build_insights(history, tests, metrics, anomalies, quarantined=quarantined)
    score = quality_score(metrics)
    scope = ScopeQuality(
        project=project, suite=suite, environment=environment, runs=_points(history),
        metrics=metrics, failures_by_cause=_count(history, "category"),
        failures_by_team=_count(history, "team"), slowest_tests=_slowest(history),
        anomalies=anomalies, insights=insights, score=score, summary="")
    scope.summary = _scope_summary(scope)
    return scope


def quality_score(metrics: list[Metric]) -> float | None:
    """The weighted score 0–100 of the measured metrics (see the module docstring)."""
    groups: dict[str, list[float]] = {}
    for metric in metrics:
        if metric.value is not None:
            groups.setdefault(metric.name.split(".")[0], []).append(_points_of(metric))
    weighted = [(SCORE_WEIGHTS.get(name, 0.0), statistics.fmean(values))
                for name, values in groups.items()]
    total = sum(weight for weight, _ in weighted)
    if not total:
        return None
    return round(sum(weight * value for weight, value in weighted) / total, 1)


def _points_of(metric: Metric) -> float:
    value, target = float(metric.value or 0.0), metric.target
    if metric.higher_is_better:
        return 100.0 if value >= target else (100.0 * value / target if target else 0.0)
    if value <= target:
        return 100.0
    return 100.0 * target / value if value else 0.0


def _changes(history: ScopeHistory, project_dir: Path | None) -> ChangedLines:
    commits = [run.commit for run in history.runs if run.commit]
    if len(history.runs) < 2:
        return ChangedLines(None, "one run is not a period: defect density needs two")
    return changed_lines(project_dir, commits[0] if commits else None,
                         commits[-1] if commits else None)


def _points(history: ScopeHistory) -> list[RunPoint]:
    return [RunPoint(run_id=run.run_id, status=run.status,
                     created_at=run.created_at.isoformat(), commit=run.commit,
                     counts=dict(run.counts), pass_rate=pass_rate(run.counts),
                     wall_time=run.wall_time, coverage=dict(history.coverage.get(run.run_id, {})))
            for run in history.runs]


def _count(history: ScopeHistory, key: str) -> dict[str, int]:
    found = Counter(getattr(f, key) or "unknown" for f in history.failures)
    return dict(found.most_common())


def _slowest(history: ScopeHistory) -> list[SlowTest]:
    """The newest run's slowest tests, with each one's median over the window."""
    if not history.runs:
        return []
    newest = history.runs[-1].run_id
    latest = sorted((s for s in history.tests if s.run_id == newest),
                    key=lambda s: (-s.duration, s.nodeid))[:SLOWEST]
    wanted = {s.nodeid for s in latest}
    medians: dict[str, list[float]] = {}
    for sample in history.tests:
        if sample.nodeid in wanted:
            medians.setdefault(sample.nodeid, []).append(sample.duration)
    return [SlowTest(s.nodeid, s.duration, statistics.median(medians[s.nodeid]))
            for s in latest]


def _scope_summary(scope: ScopeQuality) -> str:
    name = f"{scope.suite} on {scope.environment}"
    if not scope.runs:
        return f"{name}: no ended run in the period."
    parts = [f"{name}: quality {_score_text(scope.score)} over {len(scope.runs)} run(s)"]
    judged = [m for m in scope.metrics if m.status is not None]
    for wanted in (Status.CRITICAL, Status.WARNING):
        names = [_metric_text(m) for m in judged if m.status is wanted]
        if names:
            parts.append(f"{wanted.value}: {', '.join(names)}")
    good = sum(1 for m in judged if m.status is Status.GOOD)
    parts.append(f"{good} of {len(judged)} metric(s) on target")
    if scope.anomalies:
        parts.append(f"{len(scope.anomalies)} anomaly(ies) in run {scope.runs[-1].run_id}")
    if scope.insights:
        parts.append(f"first to act on: {scope.insights[0].title}")
    return "; ".join(parts) + "."


def _project_summary(project: str, scopes: list[ScopeQuality], score: float | None) -> str:
    if not scopes:
        return f"{project}: no ended run in the results store yet."
    worst = min((s for s in scopes if s.score is not None), key=lambda s: s.score or 0.0,
                default=None)
    critical = sum(1 for s in scopes for i in s.insights if i.severity.value == "critical")
    text = (f"{project}: quality {_score_text(score)} over {len(scopes)} suite/environment "
            f"pair(s); {critical} critical insight(s)")
    if worst is not None and len(scopes) > 1:
        text += f"; weakest: {worst.suite} on {worst.environment} ({_score_text(worst.score)})"
    return text + "."


def _score_text(score: float | None) -> str:
    return "unknown" if score is None else f"{score:.0f}/100"


def _metric_text(metric: Metric) -> str:
    return f"{metric.label} {format_value(float(metric.value or 0.0), metric.unit)}"
