"""What a load test measured and how it was judged.

Times are Unix epoch seconds, latencies milliseconds. ``LoadResult.total`` is the
"Aggregated" row over every endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from qatron.models import Outcome, ShardResult, ShardStatus, TestResult

#: The node id of a criterion's test result: ``load:<name>::<criterion>``.
NODEID_PREFIX = "load:"


class LoadStatus(StrEnum):
    PASSED = "passed"
    #: Some criterion was not met.
    FAILED = "failed"
    #: The target could not be reached, or Locust could not run (no figures to judge).
    INFRA_FAILED = "infra_failed"
    CANCELLED = "cancelled"


@dataclass
class EndpointStats:
    """One endpoint's figures (or the aggregate, ``name == "Aggregated"``)."""

    name: str
    method: str = ""
    requests: int = 0
    failures: int = 0
    rps: float = 0.0
    avg_ms: float = 0.0
    min_ms: float = 0.0
    max_ms: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0

    @property
    def error_rate(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


@dataclass
class TimePoint:
    """The whole test at one moment (Locust's stats history, about once a second)."""

    t: float
    users: int
    rps: float
    failures_per_s: float
    p50_ms: float
    p95_ms: float


@dataclass
class ErrorGroup:
    """Failures of one endpoint with one error ("HTTPError 503", "ConnectionRefusedError")."""

    method: str
    name: str
    error: str
    occurrences: int
    #: When it was first seen, when known (from the live samples).
    first_seen: float | None = None


@dataclass
class ResourceSample:
    """The target's processes or containers together, at one moment."""

    t: float
    cpu_percent: float
    memory_mb: float


@dataclass
class CriterionVerdict:
    """One criterion: its limit, what was measured and whether it was met."""

    criterion: str
    limit: float
    measured: float | None
    passed: bool
    #: "p95 182 ms > 150 ms"; for a regression "p95 182 ms is 24% worse than run 12's
    #: 147 ms (limit 20%)".
    text: str
    #: The run the regression compared against, if it is a regression criterion.
    baseline_run_id: int | None = None
    #: That run's figure, if it is a regression criterion that had one to compare with.
    baseline: float | None = None


@dataclass
class LoadResult:
    """One load test in one run."""

    name: str
    target: str
    status: LoadStatus
    message: str = ""
    started_at: float | None = None
    finished_at: float | None = None
    users_peak: int = 0
    workers: int = 0
    total: EndpointStats = field(default_factory=lambda: EndpointStats("Aggregated"))
    endpoints: list[EndpointStats] = field(default_factory=list)
    timeline: list[TimePoint] = field(default_factory=list)
    errors: list[ErrorGroup] = field(default_factory=list)
    resources: list[ResourceSample] = field(default_factory=list)
    verdicts: list[CriterionVerdict] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    baseline_run_id: int | None = None

    @property
    def duration(self) -> float:
        if self.started_at is None or self.finished_at is None:
            return 0.0
        return self.finished_at - self.started_at

    def shard(self, index: int) -> ShardResult:
        """The load test as a shard of its run: one result per criterion (or one error
        when it could not be judged), so JUnit XML, the verdict and the report show it."""
        prefix = f"{NODEID_PREFIX}{self.name}::"
        if self.status in (LoadStatus.INFRA_FAILED, LoadStatus.CANCELLED) or not self.verdicts:
            outcome = Outcome.PASSED if self.status is LoadStatus.PASSED else Outcome.ERROR
            results = [TestResult(nodeid=f"{prefix}run", outcome=outcome, message=self.message,
                                  duration=self.duration, shard_index=index,
                                  started_at=self.started_at, finished_at=self.finished_at,
                                  markers=["load"])]
        else:
            results = [TestResult(nodeid=f"{prefix}{v.criterion}",
                                  outcome=Outcome.PASSED if v.passed else Outcome.FAILED,
                                  message="" if v.passed else v.text, output_tail=v.text,
                                  duration=self.duration, shard_index=index,
                                  started_at=self.started_at, finished_at=self.finished_at,
                                  markers=["load"]) for v in self.verdicts]
        status = {LoadStatus.PASSED: ShardStatus.PASSED, LoadStatus.FAILED: ShardStatus.FAILED,
                  LoadStatus.INFRA_FAILED: ShardStatus.INFRA_FAILED,
                  LoadStatus.CANCELLED: ShardStatus.CANCELLED}[self.status]
        return ShardResult(index=index, count=index, status=status,
                           nodeids=[r.nodeid for r in results], results=results,
                           started_at=self.started_at, finished_at=self.finished_at,
                           message=f"load test {self.name}: {self.message}")
