"""What quality analytics return: plain dataclasses, JSON-ready through ``to_json()``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Anomaly", "Direction", "Insight", "Metric", "ProjectQuality", "RunPoint",
           "ScopeQuality", "Severity", "SlowTest", "Status", "Trend"]


class Status(StrEnum):
    """How a metric stands against its target (see :func:`qatron.analytics.metrics.status`)."""

    GOOD = "good"
    WARNING = "warning"
    CRITICAL = "critical"


class Direction(StrEnum):
    IMPROVING = "improving"
    DECLINING = "declining"
    STABLE = "stable"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


@dataclass(frozen=True)
class Trend:
    """A metric's line over the window's runs: ``confidence`` is the line's r²,
    ``slope`` the change per run, ``prediction`` the line at the next run."""

    direction: Direction
    slope: float
    confidence: float
    t_statistic: float
    prediction: float | None
    points: int


@dataclass(frozen=True)
class Metric:
    """One metric of a suite on an environment.

    ``value`` is None when it could not be measured; ``reason`` then says why.
    ``series`` holds (run id, value) of each run that measured it, oldest first.
    """

    name: str
    label: str
    value: float | None
    target: float
    higher_is_better: bool
    unit: str
    status: Status | None
    trend: Trend | None = None
    series: list[tuple[int, float]] = field(default_factory=list)
    reason: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Anomaly:
    """A newest-run value far from the window's earlier runs (robust z over the MAD)."""

    kind: str
    subject: str
    run_id: int
    value: float
    baseline: float
    robust_z: float
    message: str


@dataclass(frozen=True)
class Insight:
    """A finding with what to do about it; ``evidence`` holds the figures behind it."""

    kind: str
    severity: Severity
    title: str
    recommendation: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SlowTest:
    nodeid: str
    duration: float
    median: float


@dataclass(frozen=True)
class RunPoint:
    """One run of the window as the analytics saw it."""

    run_id: int
    status: str
    created_at: str
    commit: str | None
    counts: dict[str, int]
    pass_rate: float | None
    wall_time: float | None
    coverage: dict[str, float]


@dataclass
class ScopeQuality:
    """The quality of one suite on one environment over a window of runs."""

    project: str
    suite: str
    environment: str
    runs: list[RunPoint]
    metrics: list[Metric]
    failures_by_cause: dict[str, int]
    failures_by_team: dict[str, int]
    slowest_tests: list[SlowTest]
    anomalies: list[Anomaly]
    insights: list[Insight]
    score: float | None
    summary: str

    def metric(self, name: str) -> Metric | None:
        return next((m for m in self.metrics if m.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ProjectQuality:
    """Every suite and environment of a project: the scopes and the overall score (the
    mean of the scopes' scores)."""

    project: str
    window: int
    scopes: list[ScopeQuality]
    score: float | None
    summary: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
