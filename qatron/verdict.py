"""How a run ended: the one place its status and message are decided.

Everything the run went through is gathered in a :class:`RunOutcome` (shards,
collection, dataset gate, coverage, what the store refused, the exception that
stopped it); :func:`decide` turns it into the final status:

    stopped by an exception        qatron.outcome.status_of (signal → cancelled,
                                   QatronError → its status, anything else → infra_failed)
    stopped by a rule              dataset_failed (the gate), failed (no test selected)
    otherwise, from the shards     cancelled > timed_out > infra_failed (no shard ran) >
                                   partial_failed > failed > completed   (:func:`conclude`)
    then                           the coverage gate may turn completed into failed;
                                   shards the store refused make it infra_failed
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qatron.coverage_summary import CoverageSummary
from qatron.coverage_summary import gate as coverage_gate
from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from qatron.outcome import is_cancel, status_of

if TYPE_CHECKING:
    from qatron.datasets import DatasetReport
    from qatron.datasets.report import ExpectationOutcome
    from qatron.journeys.models import JourneyResult
    from qatron.load.models import LoadResult
    from qatron.pytest_runner import Collection


#: Node-id prefixes of results whose shard's message explains them: journeys, load tests.
_SELF_EXPLAINED = ("journey:", "load:")


@dataclass
class RunOutcome:
    """What the run produced, however it ended."""

    shards: list[ShardResult] = field(default_factory=list)
    collection: Collection | None = None
    #: A status decided before the shards' verdict (a rule or an exception stopped the run).
    status: RunStatus | None = None
    message: str = ""
    datasets: list[DatasetReport] = field(default_factory=list)
    coverage: CoverageSummary | None = None
    #: The services' health once the shards ended, when some test failed.
    health: dict[str, str] = field(default_factory=dict)
    #: What the run was doing, for the message of an unexpected error.
    doing: str = "starting the run"
    #: Why shards kept in the run folder are not in the results store, by index.
    unsaved: dict[int, str] = field(default_factory=dict)
    #: The journeys the run ran (qatron.journeys.models.JourneyResult).
    journeys: list[JourneyResult] = field(default_factory=list)
    #: The load tests the run ran (qatron.load.models.LoadResult).
    load_tests: list[LoadResult] = field(default_factory=list)

    def stop(self, status: RunStatus, message: str) -> None:
        """A rule ended the run before its shards' verdict."""
        self.status, self.message = status, message

    def stopped_by(self, exc: BaseException, run_dir: Path | None = None) -> None:
        """``exc`` ended the run. A status already decided stands, unless ``exc`` is a
        signal (cancelling wins over everything)."""
        if self.status is None or is_cancel(exc):
            self.status, self.message = status_of(exc, self.doing, run_dir)

    @property
    def collection_errors(self) -> list[TestResult]:
        return self.collection.errors if self.collection else []

    @property
    def collection_skips(self) -> list[TestResult]:
        return self.collection.skipped if self.collection else []


@dataclass(frozen=True)
class Verdict:
    status: RunStatus
    message: str


def decide(outcome: RunOutcome, summary: RunSummary, notes: list[str] | None = None,
           kept_in: Path | None = None) -> Verdict:
    """The run's final status and message from what happened.

    ``summary`` holds the run's shards as reported (with the collection or dataset-gate
    shard); ``notes`` are appended to the message (expired quarantines); ``kept_in`` is
    where shards the store refused are kept, named in the message.
    """
    shards = [shard for shard in summary.shards if shard.index > 0]
    status, shortfall = coverage_gate(
        outcome.status or conclude(shards, outcome.collection_errors), outcome.coverage)
    message = outcome.message or verdict_message(summary)
    if outcome.unsaved:
        status = RunStatus.INFRA_FAILED
        message = unsaved_message(outcome.unsaved, summary.run_id, kept_in)
    text = "; ".join([message, *(notes or [])])
    return Verdict(status, f"{text}; {shortfall}" if shortfall else text)


def store_refused(verdict: Verdict, error: Exception) -> Verdict:
    """The verdict once the store refused to record it: nothing the run says can be
    trusted to be saved, so it is infra_failed (an infra_failed verdict stands)."""
    if verdict.status is RunStatus.INFRA_FAILED:
        return verdict
    return Verdict(RunStatus.INFRA_FAILED, f"{verdict.message}; the results store did not "
                                           f"take the run's status: {error}")


def conclude(shards: list[ShardResult], errors: list[TestResult]) -> RunStatus:
    """The run's verdict from its shards and its collection errors.

    Failures of quarantined tests (``TestResult.quarantined``) do not count.
    A shard whose test process ran and died (it has an exit code) makes the run
    ``partial_failed``, even alone; shards that never ran make it ``infra_failed``.
    """
    statuses = {shard.status for shard in shards}
    if ShardStatus.CANCELLED in statuses:
        return RunStatus.CANCELLED
    if ShardStatus.TIMED_OUT in statuses:
        return RunStatus.TIMED_OUT
    if shards and statuses == {ShardStatus.INFRA_FAILED} and all(
            shard.exit_code is None for shard in shards):
        return RunStatus.INFRA_FAILED
    if ShardStatus.INFRA_FAILED in statuses:
        return RunStatus.PARTIAL_FAILED
    failures = [r for s in shards for r in s.results
                if r.outcome.is_failure and not r.quarantined]
    return RunStatus.FAILED if failures or errors else RunStatus.COMPLETED


def unsaved_message(unsaved: dict[int, str], run_id: int, kept_in: Path | None) -> str:
    """Why the run is infra_failed when the store refused shards, and how to recover."""
    indexes = ", ".join(str(index) for index in sorted(unsaved))
    first = next(iter(unsaved.values()))
    return (f"the results store did not take the results of shard(s) {indexes} ({first}); "
            f"they are kept in {kept_in} and in junit.xml: once the database "
            f"is writable, `qatron resume {run_id}` stores them")


def collection_shard(errors: list[TestResult], count: int,
                     skipped: list[TestResult] | None = None) -> ShardResult:
    """Collection errors, and modules skipped while collected, as a shard of their own
    (index 0), so they are stored, counted and reported."""
    for error in errors:
        error.outcome = Outcome.ERROR
    for result in [*errors, *(skipped or [])]:
        result.shard_index = 0
    said = [f"{len(errors)} collection error(s)"] if errors else []
    said += [f"{len(skipped)} module(s) skipped while collected"] if skipped else []
    return ShardResult(index=0, count=count,
                       status=ShardStatus.FAILED if errors else ShardStatus.PASSED,
                       results=[*errors, *(skipped or [])], message=", ".join(said))


def gate_shard(report: DatasetReport, count: int) -> ShardResult:
    """A failed dataset gate as a shard of its own (index 0): one error per dataset.

    Stored and reported like a test, so CI never shows green for a run whose
    tests did not start.
    """
    details = "\n".join(_failed_expectation(o) for o in report.failed_outcomes)
    error = TestResult(nodeid=f"dataset::{report.dataset}", outcome=Outcome.ERROR,
                       message=report.summary(), traceback=details, shard_index=0,
                       duration=report.duration)
    return ShardResult(index=0, count=count, status=ShardStatus.FAILED, results=[error],
                       message=f"dataset {report.dataset} failed its expectations")


def _failed_expectation(outcome: ExpectationOutcome) -> str:
    line = outcome.expectation + (f" {outcome.target}" if outcome.target else "")
    if outcome.unexpected():
        line += f": {outcome.unexpected()} unexpected"
    return line + (f"; {outcome.evidence()}" if outcome.evidence() else "")


def verdict_message(summary: RunSummary) -> str:
    """One line for the CLI, the Prefect state and the store."""
    counts = summary.counts()
    excused = sum(1 for r in summary.results if r.quarantined and r.outcome.is_failure)
    failed = counts["failed"] + counts["error"] - excused
    text = f"{counts['passed']} passed, {failed} failed, {counts['skipped']} skipped"
    if excused:
        text += f", {excused} quarantined failed"
    if counts["flaky"]:
        text += f", {counts['flaky']} flaky"
    broken = [s for s in summary.shards if s.status in (ShardStatus.INFRA_FAILED,
                                                         ShardStatus.TIMED_OUT)]
    if broken:
        text += "; " + "; ".join(f"shard {s.index}/{s.count} {s.status.value}{_why(s)}"
                                 for s in broken)
    said = [s.message for s in summary.shards
            if s.status is ShardStatus.FAILED and s.message and _explains_itself(s)]
    return "; ".join([text, *said])


def _explains_itself(shard: ShardResult) -> bool:
    """A journey's or a load test's shard: its message says what failed (a step, the
    criteria not met)."""
    return bool(shard.results) and shard.results[0].nodeid.startswith(_SELF_EXPLAINED)


def _why(shard: ShardResult) -> str:
    """Why an infra_failed shard broke: the first line of its message, if it has one."""
    first = shard.message.strip().splitlines()[0] if shard.message.strip() else ""
    if shard.status is not ShardStatus.INFRA_FAILED or not first:
        return ""
    return f" ({first[:297] + '...' if len(first) > 300 else first})"
