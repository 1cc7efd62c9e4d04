"""Plain data shared by the engine, the tasks, the store and the reports.

Nothing here imports Prefect: a run's results are ordinary dataclasses that
flows pass between tasks and the results store persists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class RunStatus(StrEnum):
    """Where a run is, or how it ended.

    The value is what the store and the CLI show; ``state_name`` is the name
    of the Prefect flow-run state; ``exit_code`` is what ``qatron run`` exits
    with once the run has ended.
    """

    QUEUED = "queued"
    PROVISIONING = "provisioning"
    RUNNING = "running"
    REPORTING = "reporting"
    #: The process running it died (killed, machine lost); ``qatron resume`` goes on.
    CRASHED = "crashed"
    COMPLETED = "completed"
    FAILED = "failed"
    PARTIAL_FAILED = "partial_failed"
    TIMED_OUT = "timed_out"
    INFRA_FAILED = "infra_failed"
    DATASET_FAILED = "dataset_failed"
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        """Whether a run with this status has ended (it has an exit code)."""
        from qatron.exit_codes import RUN_EXIT_CODES

        return self in RUN_EXIT_CODES

    @property
    def exit_code(self) -> int:
        """The CLI exit code of an ended run (``qatron.exit_codes``)."""
        from qatron.exit_codes import run_exit_code

        return run_exit_code(self)

    @property
    def state_name(self) -> str:
        """The Prefect state name: ``partial_failed`` -> ``PartialFailed``."""
        return "".join(part.capitalize() for part in self.value.split("_"))


class Outcome(StrEnum):
    """Outcome of one test after all its attempts."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"
    XFAILED = "xfailed"
    XPASSED = "xpassed"

    @property
    def is_failure(self) -> bool:
        return self in (Outcome.FAILED, Outcome.ERROR)


class ShardStatus(StrEnum):
    """How one shard ended."""

    PENDING = "pending"
    RUNNING = "running"
    PASSED = "passed"
    FAILED = "failed"
    TIMED_OUT = "timed_out"
    INFRA_FAILED = "infra_failed"
    DATASET_FAILED = "dataset_failed"
    CANCELLED = "cancelled"


@dataclass
class TestResult:
    """One test's final result.

    ``flaky`` is set when the test failed and then passed on a rerun;
    ``attempts`` counts every execution; ``quarantined`` when an unexpired
    quarantine of qatron.yml covers it (its failure does not fail the run);
    ``unstable_id`` when its id is not the one collected for the plan (a
    parameter from the clock or a random value: see qatron.unstable_ids), so
    ``nodeid`` is the id its own process reported. Times are Unix epoch seconds.
    """

    __test__ = False  # not a pytest test class

    nodeid: str
    outcome: Outcome
    duration: float = 0.0
    attempts: int = 1
    flaky: bool = False
    message: str = ""
    traceback: str = ""
    output_tail: str = ""
    shard_index: int = 0
    started_at: float | None = None
    finished_at: float | None = None
    markers: list[str] = field(default_factory=list)
    quarantined: bool = False
    unstable_id: bool = False
    #: Files of evidence the test left (a failed browser test's screenshot, page source and
    #: console log: see qatron.browser), absolute paths.
    attachments: list[str] = field(default_factory=list)
    #: A pytest-bdd scenario's ``{feature, name, line}`` (feature file relative to the
    #: application's folder), recorded by the plugin; not kept by the results store.
    scenario: dict[str, Any] | None = None


@dataclass
class ShardResult:
    """What one shard ran and how its test process ended."""

    index: int
    count: int
    status: ShardStatus
    nodeids: list[str] = field(default_factory=list)
    results: list[TestResult] = field(default_factory=list)
    started_at: float | None = None
    finished_at: float | None = None
    exit_code: int | None = None
    message: str = ""
    junit_path: str | None = None
    log_path: str | None = None

    @property
    def duration(self) -> float:
        if self.started_at is None or self.finished_at is None:
            return 0.0
        return self.finished_at - self.started_at

    def counts(self) -> dict[str, int]:
        return count_outcomes(self.results)


@dataclass
class RunSummary:
    """A whole run: identity, status and every shard's results."""

    run_id: int
    project: str
    suite: str
    environment: str
    status: RunStatus
    shards: list[ShardResult] = field(default_factory=list)
    started_at: float | None = None
    finished_at: float | None = None
    branch: str | None = None
    commit: str | None = None
    message: str = ""
    run_dir: str | None = None
    datasets: list[Any] = field(default_factory=list)  # DatasetReports of the dataset gate
    coverage: Any = None  # the run's qatron.coverage_summary.CoverageSummary, if measured
    quarantine: list[Any] = field(default_factory=list)  # qatron.quarantine.QuarantineMatch
    failure_clusters: list[Any] = field(default_factory=list)  # qatron.failures.Cluster
    journeys: list[Any] = field(default_factory=list)  # qatron.journeys.models.JourneyResult
    load_tests: list[Any] = field(default_factory=list)  # qatron.load.models.LoadResult
    features: list[Any] = field(default_factory=list)  # qatron.features.FeatureStatus

    @property
    def results(self) -> list[TestResult]:
        return [result for shard in self.shards for result in shard.results]

    @property
    def duration(self) -> float:
        if self.started_at is None or self.finished_at is None:
            return 0.0
        return self.finished_at - self.started_at

    def counts(self) -> dict[str, int]:
        return count_outcomes(self.results)


def count_outcomes(results: list[TestResult]) -> dict[str, int]:
    """Count results per outcome, plus ``total`` and ``flaky``."""
    counts = {outcome.value: 0 for outcome in Outcome}
    for result in results:
        counts[result.outcome.value] += 1
    counts["total"] = len(results)
    counts["flaky"] = sum(1 for result in results if result.flaky)
    return counts
