"""A run's verdict, decided in one place: exceptions, rules, shards, coverage, the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.coverage_summary import CoverageSummary
from qatron.errors import (
    ConfigError,
    DatasetError,
    InfrastructureError,
    ServiceStartError,
    StoreError,
)
from qatron.exit_codes import EXIT_USAGE
from qatron.models import (
    Outcome,
    RunStatus,
    RunSummary,
    ShardResult,
    ShardStatus,
    TestResult,
    count_outcomes,
)
from qatron.pytest_runner import Collection
from qatron.verdict import (
    RunOutcome,
    Verdict,
    collection_shard,
    conclude,
    decide,
    store_refused,
    verdict_message,
)

S = ShardStatus


def shard(status: ShardStatus, *outcomes: Outcome, index: int = 1, count: int = 2,
          flaky: int = 0) -> ShardResult:
    results = [TestResult(nodeid=f"t{index}_{i}", outcome=o, shard_index=index)
               for i, o in enumerate(outcomes)]
    for result in results[:flaky]:
        result.flaky = True
    return ShardResult(index=index, count=count, status=status, results=results)


def error(nodeid: str = "tests/test_broken.py") -> TestResult:
    return TestResult(nodeid=nodeid, outcome=Outcome.ERROR, message="SyntaxError")


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        # cancelled beats everything
        ([S.CANCELLED, S.TIMED_OUT, S.INFRA_FAILED, S.FAILED], RunStatus.CANCELLED),
        ([S.PASSED, S.CANCELLED], RunStatus.CANCELLED),
        # then timed out
        ([S.TIMED_OUT, S.INFRA_FAILED], RunStatus.TIMED_OUT),
        ([S.PASSED, S.TIMED_OUT, S.FAILED], RunStatus.TIMED_OUT),
        # every shard an infrastructure failure
        ([S.INFRA_FAILED], RunStatus.INFRA_FAILED),
        ([S.INFRA_FAILED, S.INFRA_FAILED], RunStatus.INFRA_FAILED),
        # some shards an infrastructure failure
        ([S.INFRA_FAILED, S.PASSED], RunStatus.PARTIAL_FAILED),
        ([S.FAILED, S.INFRA_FAILED], RunStatus.PARTIAL_FAILED),
        # then test failures
        ([S.FAILED, S.PASSED], RunStatus.FAILED),
        ([S.PASSED, S.PASSED], RunStatus.COMPLETED),
        ([S.PASSED], RunStatus.COMPLETED),
    ],
)
def test_conclude_precedence(statuses: list[ShardStatus], expected: RunStatus) -> None:
    shards = [
        shard(status, Outcome.FAILED if status is S.FAILED else Outcome.PASSED, index=i + 1)
        for i, status in enumerate(statuses)
    ]
    assert conclude(shards, []) is expected


def test_conclude_failures_come_from_results() -> None:
    assert conclude([shard(S.PASSED, Outcome.PASSED, Outcome.ERROR)], []) is RunStatus.FAILED
    assert conclude([shard(S.FAILED, Outcome.FAILED)], []) is RunStatus.FAILED
    quiet = [shard(S.PASSED, Outcome.PASSED, Outcome.SKIPPED, Outcome.XFAILED, Outcome.XPASSED)]
    assert conclude(quiet, []) is RunStatus.COMPLETED


def test_conclude_a_dead_test_process_is_partial_failed_even_alone() -> None:
    died = shard(S.INFRA_FAILED, Outcome.PASSED, Outcome.ERROR, index=1, count=1)
    died.exit_code = 1  # os._exit(1) in a test: the process ran, then died
    assert conclude([died], []) is RunStatus.PARTIAL_FAILED
    never_ran = shard(S.INFRA_FAILED, Outcome.ERROR, index=2)  # no exit code: not started
    assert conclude([died, never_ran], []) is RunStatus.PARTIAL_FAILED
    assert conclude([never_ran], []) is RunStatus.INFRA_FAILED


def test_conclude_collection_errors_fail_the_run() -> None:
    assert conclude([shard(S.PASSED, Outcome.PASSED)], [error()]) is RunStatus.FAILED
    assert conclude([], [error()]) is RunStatus.FAILED
    # but they do not outrank an infrastructure failure or a timeout
    assert conclude([shard(S.INFRA_FAILED)], [error()]) is RunStatus.INFRA_FAILED
    assert conclude([shard(S.TIMED_OUT)], [error()]) is RunStatus.TIMED_OUT


def test_conclude_with_nothing_to_run_is_completed() -> None:
    assert conclude([], []) is RunStatus.COMPLETED


def test_collection_shard_holds_the_errors() -> None:
    errors = [error("a.py"), TestResult(nodeid="b.py", outcome=Outcome.FAILED, shard_index=4)]
    result = collection_shard(errors, 3)
    assert (result.index, result.count, result.status) == (0, 3, ShardStatus.FAILED)
    assert result.results == errors
    assert all(r.outcome is Outcome.ERROR and r.shard_index == 0 for r in result.results)
    assert result.message == "2 collection error(s)"
    # As a shard of the run, it makes the run fail.
    assert conclude([shard(S.PASSED, Outcome.PASSED), result], []) is RunStatus.FAILED


def test_exit_codes_are_distinct_and_documented() -> None:
    ended = [s for s in RunStatus if s.terminal]
    assert set(ended) == {RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.PARTIAL_FAILED,
                          RunStatus.TIMED_OUT, RunStatus.INFRA_FAILED, RunStatus.DATASET_FAILED,
                          RunStatus.CANCELLED}
    codes = {status: status.exit_code for status in ended}
    assert codes == {
        RunStatus.COMPLETED: 0, RunStatus.FAILED: 1, RunStatus.PARTIAL_FAILED: 3,
        RunStatus.TIMED_OUT: 4, RunStatus.INFRA_FAILED: 5, RunStatus.DATASET_FAILED: 6,
        RunStatus.CANCELLED: 130,
    }
    assert len(set(codes.values())) == len(codes)
    assert EXIT_USAGE not in codes.values()


@pytest.mark.parametrize("status", [RunStatus.QUEUED, RunStatus.PROVISIONING,
                                    RunStatus.RUNNING, RunStatus.REPORTING])
def test_unfinished_runs_have_no_exit_code(status: RunStatus) -> None:
    assert not status.terminal
    with pytest.raises(ValueError, match="has not ended yet"):
        status.exit_code  # noqa: B018


def test_state_names() -> None:
    assert {s: s.state_name for s in RunStatus} == {
        RunStatus.QUEUED: "Queued",
        RunStatus.PROVISIONING: "Provisioning",
        RunStatus.RUNNING: "Running",
        RunStatus.REPORTING: "Reporting",
        RunStatus.CRASHED: "Crashed",
        RunStatus.COMPLETED: "Completed",
        RunStatus.FAILED: "Failed",
        RunStatus.PARTIAL_FAILED: "PartialFailed",
        RunStatus.TIMED_OUT: "TimedOut",
        RunStatus.INFRA_FAILED: "InfraFailed",
        RunStatus.DATASET_FAILED: "DatasetFailed",
        RunStatus.CANCELLED: "Cancelled",
    }


def summary(*shards: ShardResult) -> RunSummary:
    return RunSummary(run_id=1, project="p", suite="s", environment="e",
                      status=RunStatus.FAILED, shards=list(shards))


def test_verdict_message_counts() -> None:
    text = verdict_message(summary(
        shard(S.FAILED, Outcome.PASSED, Outcome.PASSED, Outcome.FAILED, Outcome.SKIPPED,
              index=1),
        shard(S.FAILED, Outcome.ERROR, Outcome.XFAILED, Outcome.XPASSED, index=2),
    ))
    assert text == "2 passed, 2 failed, 1 skipped"


def test_verdict_message_flaky_and_broken_shards() -> None:
    text = verdict_message(summary(
        shard(S.PASSED, Outcome.PASSED, Outcome.PASSED, index=1, count=3, flaky=1),
        shard(S.INFRA_FAILED, Outcome.PASSED, Outcome.ERROR, index=2, count=3),
        shard(S.TIMED_OUT, Outcome.ERROR, index=3, count=3),
    ))
    assert text == ("3 passed, 2 failed, 0 skipped, 1 flaky; "
                    "shard 2/3 infra_failed; shard 3/3 timed_out")


def test_verdict_message_says_why_a_shard_broke() -> None:
    broken = shard(S.INFRA_FAILED, Outcome.ERROR, index=1, count=1)
    broken.message = "test process was killed by signal 9:\nlast log line"
    assert verdict_message(summary(broken)) == (
        "0 passed, 1 failed, 0 skipped; "
        "shard 1/1 infra_failed (test process was killed by signal 9:)")


def test_verdict_message_of_an_empty_run() -> None:
    assert verdict_message(summary()) == "0 passed, 0 failed, 0 skipped"


def test_count_outcomes() -> None:
    results = shard(S.PASSED, Outcome.PASSED, Outcome.FAILED, Outcome.PASSED, flaky=1).results
    assert count_outcomes(results) == {
        "passed": 2, "failed": 1, "error": 0, "skipped": 0, "xfailed": 0, "xpassed": 0,
        "total": 3, "flaky": 1,
    }


# --- decide: the one verdict from everything that happened -----------------------------

def summary_of(*shards: ShardResult) -> RunSummary:
    return RunSummary(run_id=3, project="p", suite="s", environment="e",
                      status=RunStatus.REPORTING, shards=list(shards))


@pytest.mark.parametrize(("raised", "status"), [
    (StoreError("database is locked"), RunStatus.INFRA_FAILED),
    (DatasetError("customers.csv: no such file"), RunStatus.INFRA_FAILED),
    (InfrastructureError("docker is not running"), RunStatus.INFRA_FAILED),
    (ServiceStartError("api", "health check timed out"), RunStatus.INFRA_FAILED),
    (ConfigError("qatron.yml: suites.x: unknown"), RunStatus.FAILED),
    (RuntimeError("boom"), RunStatus.INFRA_FAILED),
    (KeyboardInterrupt(), RunStatus.CANCELLED),
])
def test_an_exception_mid_run_ends_the_run_with_the_readme_status(
        tmp_path: Path, raised: BaseException, status: RunStatus) -> None:
    outcome = RunOutcome(doing="running the shards")
    outcome.stopped_by(raised, tmp_path)

    verdict = decide(outcome, summary_of(shard(S.PASSED, Outcome.PASSED)))

    assert verdict.status is status
    assert verdict.status.exit_code == {RunStatus.INFRA_FAILED: 5, RunStatus.FAILED: 1,
                                        RunStatus.CANCELLED: 130}[status]
    if isinstance(raised, RuntimeError):
        assert verdict.message.startswith("running the shards failed: RuntimeError: boom")
        assert "boom" in (tmp_path / "logs" / "qatron-errors.log").read_text()


def test_a_signal_overrides_a_status_already_decided_and_a_fault_does_not() -> None:
    outcome = RunOutcome()
    outcome.stop(RunStatus.DATASET_FAILED, "dataset gate: 1 of 6 expectations failed")
    outcome.stopped_by(StoreError("locked"))
    assert outcome.status is RunStatus.DATASET_FAILED
    outcome.stopped_by(KeyboardInterrupt())
    assert outcome.status is RunStatus.CANCELLED


def test_the_verdict_comes_from_the_shards_when_nothing_stopped_the_run() -> None:
    failing = summary_of(shard(S.FAILED, Outcome.PASSED, Outcome.FAILED))
    assert decide(RunOutcome(), failing) == Verdict(RunStatus.FAILED,
                                                   "1 passed, 1 failed, 0 skipped")
    passing = summary_of(shard(S.PASSED, Outcome.PASSED))
    assert decide(RunOutcome(), passing, ["quarantine of t expired"]) == Verdict(
        RunStatus.COMPLETED, "1 passed, 0 failed, 0 skipped; quarantine of t expired")


def test_collection_errors_fail_a_run_whose_tests_passed() -> None:
    outcome = RunOutcome(collection=Collection(nodeids=["t1_0"], markers={}, rootdir=Path("."),
                                               errors=[error()]))
    summary = summary_of(collection_shard(outcome.collection_errors, 1),
                         shard(S.PASSED, Outcome.PASSED))
    assert decide(outcome, summary).status is RunStatus.FAILED


def test_shards_the_store_refused_make_the_run_infra_failed_and_say_how_to_recover(
        tmp_path: Path) -> None:
    outcome = RunOutcome(unsaved={2: "database is locked"})
    verdict = decide(outcome, summary_of(shard(S.PASSED, Outcome.PASSED)), kept_in=tmp_path)
    assert verdict.status is RunStatus.INFRA_FAILED
    assert "shard(s) 2 (database is locked)" in verdict.message
    assert f"kept in {tmp_path}" in verdict.message and "`qatron resume 3`" in verdict.message


def test_the_coverage_gate_fails_a_passing_run_only() -> None:
    short = CoverageSummary(layer="unit", covered=5, statements=10, threshold=90.0,
                            enforced=True)
    passing = summary_of(shard(S.PASSED, Outcome.PASSED))
    verdict = decide(RunOutcome(coverage=short), passing)
    assert verdict.status is RunStatus.FAILED and "below" in verdict.message
    failing = summary_of(shard(S.FAILED, Outcome.FAILED))
    assert decide(RunOutcome(coverage=short), failing).message == "0 passed, 1 failed, 0 skipped"


def test_a_store_that_refuses_the_verdict_makes_it_infra_failed() -> None:
    refused = store_refused(Verdict(RunStatus.COMPLETED, "3 passed"), StoreError("locked"))
    assert refused.status is RunStatus.INFRA_FAILED
    assert refused.message == "3 passed; the results store did not take the run's status: locked"
    infra = Verdict(RunStatus.INFRA_FAILED, "shard 1 lost")
    assert store_refused(infra, StoreError("locked")) is infra
