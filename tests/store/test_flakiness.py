"""ResultsStore.flakiness: each test's history scored, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.store import ResultsStore

T0 = 1_700_000_000.0


def result(nodeid: str, outcome: str = "passed", *, flaky: bool = False,
           started: float | None = T0) -> TestResult:
    return TestResult(nodeid=nodeid, outcome=Outcome(outcome), flaky=flaky,
                      attempts=2 if flaky else 1, started_at=started)


def run(store: ResultsStore, *results: TestResult, project: str = "shop", suite: str = "e2e",
        status: RunStatus = RunStatus.COMPLETED) -> int:
    run_id = store.create_run(project, suite, "local")
    store.set_status(run_id, RunStatus.RUNNING)
    store.save_shard(run_id, ShardResult(index=1, count=1, status=ShardStatus.PASSED,
                                         nodeids=[r.nodeid for r in results],
                                         results=list(results)))
    store.set_status(run_id, status)
    return run_id


def history(store: ResultsStore, nodeid: str, outcomes: str, **options: object) -> list[int]:
    """One run per letter: p passed, f failed, e error, F flaky (passed on a rerun)."""
    kinds = {"p": ("passed", False), "f": ("failed", False), "e": ("error", False),
             "F": ("passed", True)}
    return [run(store, result(nodeid, kinds[letter][0], flaky=kinds[letter][1]),
                **options)  # type: ignore[arg-type]
            for letter in outcomes]


def test_scores_flaky_runs_and_flips(store: ResultsStore) -> None:
    history(store, "t::steady", "pppp")
    history(store, "t::broken", "ffff")
    history(store, "t::alternating", "pfpf")
    history(store, "t::rerun", "pFpF")
    history(store, "t::fixed", "ppppffpppp")

    scores = store.flakiness("shop")
    assert {n: (r.runs, r.flaky_runs, r.flips, r.score) for n, r in scores.items()} == {
        "t::steady": (4, 0, 0, 0.0),
        "t::broken": (4, 0, 0, 0.0),
        "t::alternating": (4, 0, 3, 0.75),
        "t::rerun": (4, 2, 0, 0.5),
        "t::fixed": (10, 0, 2, 0.2),
    }
    assert scores["t::steady"].last_failure is None


def test_score_is_capped_at_one(store: ResultsStore) -> None:
    history(store, "t::wild", "fFfF")  # 2 flaky runs and 3 flips in 4 runs
    record = store.flakiness("shop")["t::wild"]
    assert (record.flaky_runs, record.flips, record.score) == (2, 3, 1.0)


def test_only_the_last_runs_of_each_test_count(store: ResultsStore) -> None:
    history(store, "t::settled", "fpfpfppppp")
    assert store.flakiness("shop", last=6)["t::settled"].score == pytest.approx(1 / 6)
    assert store.flakiness("shop", last=10)["t::settled"].flips == 5
    with pytest.raises(ValueError, match="last must be at least 1"):
        store.flakiness("shop", last=0)


def test_last_failure_is_when_the_newest_failing_run_started(store: ResultsStore) -> None:
    first, flaky, _ = history(store, "t::a", "eFp")
    started = store.get_run(flaky).started_at
    last = store.flakiness("shop")["t::a"].last_failure
    assert last == started and last.tzinfo is not None
    assert last > store.get_run(first).started_at


def test_suite_and_project_filters(store: ResultsStore) -> None:
    history(store, "t::a", "pf", suite="e2e")
    history(store, "t::a", "pp", suite="unit")
    history(store, "t::a", "fp", project="other")
    assert store.flakiness("shop")["t::a"].flips == 2  # p f p p, in run order
    assert store.flakiness("shop", "e2e")["t::a"].flips == 1
    assert store.flakiness("shop", "unit")["t::a"].flips == 0
    assert store.flakiness("nobody") == {}


def test_skipped_unstarted_and_unfinished_runs_do_not_count(store: ResultsStore) -> None:
    history(store, "t::a", "pp")
    run(store, result("t::a", "skipped"))
    run(store, result("t::a", "error", started=None), status=RunStatus.PARTIAL_FAILED)
    running = store.create_run("shop", "e2e", "local")
    store.save_shard(running, ShardResult(index=1, count=1, status=ShardStatus.RUNNING,
                                          results=[result("t::a", "failed")]))
    record = store.flakiness("shop")["t::a"]
    assert (record.runs, record.flips, record.score) == (2, 0, 0.0)


def test_seeded_times_are_utc(store: ResultsStore) -> None:
    history(store, "t::a", "f")
    assert store.flakiness("shop")["t::a"].last_failure <= datetime.now(UTC)
