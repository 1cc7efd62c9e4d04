"""Quality gates (qatron.gates) evaluated on runs recorded in a real results store:
every gate passing and failing, the history read per suite, environment and branch."""

from __future__ import annotations

from qatron.config_gates import QualityGates, effective_gates
from qatron.coverage_summary import CoverageSummary
from qatron.gates import GateResult, apply_gates, evaluate
from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.store import ResultsStore
from qatron.verdict import Verdict


def record(store: ResultsStore, outcomes: dict[str, str], *, branch: str | None = "main",
           environment: str = "local", covered: int | None = None,
           status: RunStatus = RunStatus.FAILED) -> int:
    """A run of suite 'e2e' whose tests ended as ``outcomes`` ("flaky": passed on a rerun)."""
    run_id = store.create_run("shop", "e2e", environment, branch=branch)
    results = [TestResult(nodeid=n, outcome=Outcome("passed" if o == "flaky" else o),
                          flaky=o == "flaky", attempts=2 if o == "flaky" else 1)
               for n, o in outcomes.items()]
    store.save_shard(run_id, ShardResult(index=1, count=1, status=ShardStatus.FAILED,
                                         nodeids=list(outcomes), results=results))
    if covered is not None:
        store.save_run_coverage(run_id, CoverageSummary("unit", covered, 200))
    store.set_status(run_id, status)
    return run_id


def check(store: ResultsStore, run_id: int, **gates: float) -> dict[str, GateResult]:
    summary = store.load_summary(run_id)
    assert summary is not None
    coverage = store.run_coverage(run_id)
    summary.coverage = coverage[0] if coverage else None
    return {r.gate: r for r in evaluate(QualityGates(**gates), summary, store)}


def test_min_pass_rate(store: ResultsStore) -> None:
    run_id = record(store, {"t1": "passed", "t2": "passed", "t3": "failed", "t4": "skipped"})

    low = check(store, run_id, min_pass_rate=0.95)["min_pass_rate"]
    assert not low.passed
    assert low.message == ("quality gate min_pass_rate: pass rate 66.7% (2 of 3), "
                           "at least 95.0% required")
    assert check(store, run_id, min_pass_rate=0.6)["min_pass_rate"].passed


def test_min_pass_rate_fails_a_run_without_a_judged_test(store: ResultsStore) -> None:
    run_id = record(store, {"t1": "skipped"})
    gate = check(store, run_id, min_pass_rate=0.5)["min_pass_rate"]
    assert not gate.passed and "no test passed or failed" in gate.message


def test_new_failures_against_the_previous_run_of_the_same_branch_and_environment(
        store: ResultsStore) -> None:
    record(store, {"t1": "failed", "t2": "passed"})
    record(store, {"t1": "passed", "t2": "failed", "t3": "failed"}, branch="other")
    record(store, {"t1": "passed", "t2": "failed", "t3": "failed"}, environment="staging")
    run_id = record(store, {"t1": "failed", "t2": "failed", "t3": "failed", "t4": "passed"})

    gate = check(store, run_id, max_new_failures=0)["max_new_failures"]
    assert not gate.passed
    assert gate.message == ("quality gate max_new_failures: 2 new failures (t2, t3), "
                            "at most 0 allowed")
    assert check(store, run_id, max_new_failures=2)["max_new_failures"].passed


def test_without_a_previous_run_every_failure_is_new(store: ResultsStore) -> None:
    run_id = record(store, {"t1": "failed", "t2": "passed"}, branch=None)
    gate = check(store, run_id, max_new_failures=0)["max_new_failures"]
    assert not gate.passed and "1 new failure (t1)" in gate.message
    later = record(store, {"t1": "failed", "t2": "passed"}, branch=None)
    assert check(store, later, max_new_failures=0)["max_new_failures"].passed


def test_max_flaky(store: ResultsStore) -> None:
    run_id = record(store, {"t1": "flaky", "t2": "flaky", "t3": "passed"},
                    status=RunStatus.COMPLETED)
    gate = check(store, run_id, max_flaky=1)["max_flaky"]
    assert not gate.passed
    assert gate.message == "quality gate max_flaky: 2 flaky tests (t1, t2), at most 1 allowed"
    assert check(store, run_id, max_flaky=2)["max_flaky"].passed


def test_max_coverage_drop_against_the_last_run_on_the_branch(store: ResultsStore) -> None:
    record(store, {"t1": "passed"}, covered=180)                   # 90 %
    record(store, {"t1": "passed"}, covered=120, branch="other")   # another branch: ignored
    run_id = record(store, {"t1": "passed"}, covered=173)          # 86.5 %

    gate = check(store, run_id, max_coverage_drop=2.0)["max_coverage_drop"]
    assert not gate.passed
    assert gate.message.startswith("quality gate max_coverage_drop: coverage 86.5% is 3.50 "
                                   "points below 90.0% of run ")
    assert check(store, run_id, max_coverage_drop=4.0)["max_coverage_drop"].passed


def test_max_coverage_drop_passes_a_first_measure_and_a_run_without_coverage(
        store: ResultsStore) -> None:
    first = record(store, {"t1": "passed"}, covered=100)
    assert check(store, first, max_coverage_drop=0.5)["max_coverage_drop"].passed
    unmeasured = record(store, {"t1": "passed"})
    gate = check(store, unmeasured, max_coverage_drop=0.5)["max_coverage_drop"]
    assert gate.passed and "measured no coverage" in gate.message
    dropped = record(store, {"t1": "passed"}, covered=90)  # against `first`, not `unmeasured`
    assert not check(store, dropped, max_coverage_drop=0.5)["max_coverage_drop"].passed


def test_a_failed_gate_fails_a_completed_run_and_is_added_to_a_failed_one() -> None:
    failed = [GateResult("max_flaky", False, "quality gate max_flaky: 4 flaky tests"),
              GateResult("min_pass_rate", True, "fine")]
    completed = apply_gates(Verdict(RunStatus.COMPLETED, "9 passed"), failed)
    assert completed == Verdict(RunStatus.FAILED, "9 passed; quality gate max_flaky: 4 flaky "
                                                  "tests")
    partial = apply_gates(Verdict(RunStatus.PARTIAL_FAILED, "shard 2 died"), failed)
    assert partial.status is RunStatus.PARTIAL_FAILED
    assert partial.message.endswith("; quality gate max_flaky: 4 flaky tests")
    kept = Verdict(RunStatus.COMPLETED, "9 passed")
    assert apply_gates(kept, failed[1:]) is kept


def test_suite_gates_override_the_project_gates_key_by_key() -> None:
    project = QualityGates(min_pass_rate=0.9, max_flaky=3, max_coverage_drop=1.0)
    suite = QualityGates.model_validate({"max_flaky": 10, "max_coverage_drop": None})
    merged = effective_gates(project, suite)
    assert merged == QualityGates(min_pass_rate=0.9, max_flaky=10)
    assert effective_gates(None, None).active is False
