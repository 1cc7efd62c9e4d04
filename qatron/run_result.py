"""A run as the Python API returns it: how it ended, its counts, its failed tests with
their category and team, and where its reports are.

    >>> with ResultsStore(url) as store:
    ...     result = RunResult.load(store, run_id)
    >>> result.status, result.exit_code, result.failed
    (<RunStatus.FAILED: 'failed'>, 1, 2)
    >>> [(test.nodeid, test.category, test.team) for test in result.failures]
    [('tests/test_pay.py::test_refund', 'upstream_unreachable', 'platform-team'), ...]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qatron.errors import ConfigError
from qatron.models import RunStatus, TestResult

if TYPE_CHECKING:
    from qatron.failures import Analysed
    from qatron.store import ResultsStore


@dataclass(frozen=True)
class FailedTest:
    """A failed or errored test with the failure analysis's verdict.

    ``category`` (upstream_unreachable, wrong_behaviour, … or a category of qatron.yml), ``team``
    (from ``routing``, CODEOWNERS, else ``default_team``) and ``cluster`` (failures with
    one root cause share it) are None for a run whose failures were not analysed.
    ``source`` is the JUnit file it was read from (:func:`qatron.analyze`), else "".
    """

    nodeid: str
    message: str
    category: str | None
    team: str | None
    cluster: str | None = None
    confidence: float = 0.0
    suggestion: str = ""
    source: str = ""

    @classmethod
    def from_analysed(cls, item: Analysed) -> FailedTest:
        return cls(nodeid=item.failure.nodeid, message=item.failure.message,
                   category=item.category, team=item.team, cluster=item.cluster,
                   confidence=item.confidence, suggestion=item.suggestion,
                   source=item.failure.source)

    @classmethod
    def from_result(cls, result: TestResult, verdict: Mapping[str, Any] | None) -> FailedTest:
        """A run's failed test and its stored verdict (``Analysed.to_json()``), if any."""
        found = verdict or {}
        return cls(nodeid=result.nodeid, message=result.message,
                   category=found.get("category"), team=found.get("team"),
                   cluster=found.get("cluster"), confidence=float(found.get("confidence", 0)),
                   suggestion=found.get("suggestion", ""))


@dataclass(frozen=True)
class RunResult:
    """One run of a suite, read from the results store once it has ended.

    ``executed`` counts the tests that ran (all but the skipped ones); ``failed``
    includes errored tests; ``counts`` has every outcome (``xfailed``, ``xpassed`` …).
    """

    run_id: int
    project: str
    suite: str
    environment: str
    status: RunStatus
    exit_code: int
    message: str
    executed: int
    passed: int
    failed: int
    skipped: int
    flaky: int
    failures: list[FailedTest]
    run_dir: Path
    report: Path
    junit: Path
    flow_run_id: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    #: The run's journeys (qatron.journeys.models.JourneyResult): each step's status,
    #: reason and the values that flowed (secrets masked).
    journeys: list[Any] = field(default_factory=list)
    #: The run's load tests (qatron.load.models.LoadResult): figures, verdicts, hints.
    load_tests: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the run completed: every test passed (or was excused by quarantine)."""
        return self.status is RunStatus.COMPLETED

    @classmethod
    def load(cls, store: ResultsStore, run_id: int) -> RunResult:
        """The run ``run_id`` of ``store``, its failures joined with its failure analysis."""
        record = store.get_run(run_id)
        summary = store.load_summary(run_id)
        if record is None or summary is None:
            raise ConfigError(f"no run {run_id} in {store.url}; see `qatron runs list`")
        if not record.status.terminal:
            raise ConfigError(f"run {run_id} has not ended (it is {record.status}); its "
                              f"result is read once it has")
        analysis = store.failure_analysis(run_id)
        verdicts = {item["nodeid"]: item for item in (analysis.failures if analysis else [])}
        counts = dict(record.counts)
        run_dir = Path(record.run_dir or "")
        return cls(
            run_id=run_id, project=record.project, suite=record.suite,
            environment=record.environment, status=record.status,
            exit_code=record.status.exit_code,
            message=record.message or "",
            executed=counts.get("total", 0) - counts.get("skipped", 0),
            passed=counts.get("passed", 0),
            failed=counts.get("failed", 0) + counts.get("error", 0),
            skipped=counts.get("skipped", 0), flaky=counts.get("flaky", 0),
            failures=[FailedTest.from_result(result, verdicts.get(result.nodeid))
                      for result in summary.results if result.outcome.is_failure],
            run_dir=run_dir, report=run_dir / "report.html", junit=run_dir / "junit.xml",
            flow_run_id=record.flow_run_id,
            counts=counts, journeys=list(summary.journeys),
            load_tests=list(getattr(summary, "load_tests", [])))
