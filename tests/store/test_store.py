"""ResultsStore against real SQLite and PostgreSQL databases."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult, count_outcomes
from qatron.store import ResultsStore, StoreError

T0 = 1_700_000_000.0  # epoch seconds; the fractions below are exact in binary


def result(nodeid: str, outcome: str = "passed", duration: float = 1.0,
           shard: int = 0) -> TestResult:
    return TestResult(nodeid=nodeid, outcome=Outcome(outcome), duration=duration,
                      shard_index=shard)


def shard_of(index: int, *results: TestResult, status: str = "passed") -> ShardResult:
    return ShardResult(index=index, count=4, status=ShardStatus(status),
                       nodeids=[item.nodeid for item in results], results=list(results))


def finished_run(store: ResultsStore, *results: TestResult, project: str = "shop",
                 status: RunStatus = RunStatus.COMPLETED) -> int:
    run_id = store.create_run(project, "smoke", "staging")
    store.save_shard(run_id, shard_of(0, *results))
    store.set_status(run_id, status)
    return run_id


def test_run_lifecycle_stamps_times(store: ResultsStore) -> None:
    before = datetime.now(UTC)
    run_id = store.create_run("shop", "smoke", "staging", branch="main", commit="abc123",
                              run_dir="/runs/1", params={"workers": 4})
    queued = store.get_run(run_id)
    assert (queued.status, queued.branch, queued.commit) == (RunStatus.QUEUED, "main", "abc123")
    assert (queued.run_dir, queued.params, queued.owner) == ("/runs/1", {"workers": 4}, None)
    assert queued.started_at is None and queued.finished_at is None
    assert queued.created_at.utcoffset() == timedelta(0)
    assert before <= queued.created_at <= datetime.now(UTC)
    assert queued.counts == count_outcomes([])

    store.set_status(run_id, RunStatus.PROVISIONING)
    started = store.get_run(run_id).started_at
    assert started is not None and started.utcoffset() == timedelta(0)
    assert started >= queued.created_at
    store.set_status(run_id, RunStatus.RUNNING)
    running = store.get_run(run_id)
    assert (running.status, running.started_at, running.finished_at) == (
        RunStatus.RUNNING, started, None)

    store.set_status(run_id, RunStatus.COMPLETED, "all good")
    done = store.get_run(run_id)
    assert (done.status, done.started_at, done.message) == (RunStatus.COMPLETED, started,
                                                          "all good")
    assert done.finished_at is not None and done.finished_at >= started


def test_update_run_sets_only_known_fields(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "staging")
    store.update_run(run_id, flow_run_id="0b7e-42", run_dir="/runs/2")
    run = store.get_run(run_id)
    assert (run.flow_run_id, run.run_dir) == ("0b7e-42", "/runs/2")
    with pytest.raises(TypeError, match="status"):
        store.update_run(run_id, status="failed")
    with pytest.raises(TypeError, match="meta"):  # facts have methods: set_owner …
        store.update_run(run_id, meta={"owner": {}})
    with pytest.raises(StoreError, match="run 999 does not exist"):
        store.set_status(999, RunStatus.RUNNING)
    assert store.get_run(999) is None and store.load_summary(999) is None


def test_save_shard_upserts_and_replaces_results(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "staging")
    store.save_shard(run_id, shard_of(1, result("t::z", shard=1)))
    store.save_shard(run_id, shard_of(0, result("t::a"), result("t::b", "failed"),
                                      status="failed"))
    store.save_shard(run_id, shard_of(0, result("t::a"), result("t::c"),
                                      result("t::d", "skipped")))
    summary = store.load_summary(run_id)
    assert [shard.index for shard in summary.shards] == [0, 1]
    assert summary.shards[0].status is ShardStatus.PASSED
    assert [item.nodeid for item in summary.shards[0].results] == ["t::a", "t::c", "t::d"]
    assert store.get_run(run_id).counts["total"] == 4
    assert store.failed_nodeids(run_id) == []


def test_load_summary_round_trips_every_field(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "staging", branch="dev", commit="f00d",
                              run_dir="/runs/7")
    shards = [
        ShardResult(
            index=0, count=2, status=ShardStatus.FAILED, nodeids=["t::a", "t::b", "t::never"],
            results=[
                TestResult("t::a", Outcome.PASSED, 0.25, attempts=2, flaky=True,
                           message="ok at last", traceback="", output_tail="…tail ✓",
                           shard_index=0, started_at=T0 + 0.5, finished_at=T0 + 0.75,
                           markers=["smoke", "slow"], unstable_id=True),
                TestResult("t::b", Outcome.ERROR, 1.5, message="boom",
                           traceback="Traceback\n  line 1\nValueError", shard_index=0),
            ],
            started_at=T0, finished_at=T0 + 2.125, exit_code=1, message="1 error",
            junit_path="/runs/7/junit-0.xml", log_path="/runs/7/shard-0.log"),
        ShardResult(index=1, count=2, status=ShardStatus.INFRA_FAILED, nodeids=["t::c"],
                    message="container died"),
    ]
    for shard in reversed(shards):
        store.save_shard(run_id, shard)
    store.set_status(run_id, RunStatus.RUNNING)
    store.set_status(run_id, RunStatus.PARTIAL_FAILED, "shard 1 lost")
    summary = store.load_summary(run_id)
    assert summary.shards == shards
    assert (summary.run_id, summary.project, summary.suite, summary.environment) == (
        run_id, "shop", "smoke", "staging")
    assert (summary.status, summary.branch, summary.commit, summary.message,
            summary.run_dir) == (RunStatus.PARTIAL_FAILED, "dev", "f00d", "shard 1 lost",
                                 "/runs/7")
    assert summary.started_at <= summary.finished_at <= time.time()
    assert summary.counts()["error"] == 1 and summary.counts()["flaky"] == 1


def test_concurrent_save_shard_loses_nothing(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "staging")

    def save(index: int) -> None:
        for _ in range(3):  # every thread also re-saves (upserts) its shard
            results = [result(f"t::s{index}_{n}", duration=n, shard=index) for n in range(50)]
            store.save_shard(run_id, shard_of(index, *results))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(save, range(4)))
    summary = store.load_summary(run_id)
    assert [shard.index for shard in summary.shards] == [0, 1, 2, 3]
    for shard in summary.shards:
        assert [item.nodeid for item in shard.results] == [
            f"t::s{shard.index}_{n}" for n in range(50)]
    assert store.get_run(run_id).counts["total"] == 200


def test_concurrent_saves_of_one_shard_keep_one_copy(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "staging")
    barrier = threading.Barrier(4)

    def save(attempt: int) -> None:
        barrier.wait()
        store.save_shard(run_id, shard_of(0, *[result(f"t::{attempt}_{n}") for n in range(20)]))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(save, range(4)))
    (shard,) = store.load_summary(run_id).shards
    assert len({item.nodeid.split("_")[0] for item in shard.results}) == 1
    assert store.get_run(run_id).counts["total"] == 20


def test_list_runs_newest_first_with_filters(store: ResultsStore) -> None:
    ids = [store.create_run(project, suite, environment) for project, suite, environment in [
        ("shop", "smoke", "staging"), ("shop", "full", "staging"),
        ("shop", "smoke", "prod"), ("bank", "smoke", "staging")]]
    assert [run.id for run in store.list_runs()] == ids[::-1]
    assert [run.id for run in store.list_runs(limit=2)] == ids[:1:-1]
    assert [run.id for run in store.list_runs(project="shop")] == ids[2::-1]
    assert [run.id for run in store.list_runs(suite="smoke")] == [ids[3], ids[2], ids[0]]
    assert [run.id for run in store.list_runs(project="shop", environment="staging")] == [
        ids[1], ids[0]]
    assert store.list_runs(project="nobody") == []


def test_list_runs_counts_outcomes(store: ResultsStore) -> None:
    first = finished_run(store, result("t::a"), result("t::b", "failed"))
    second = finished_run(store, result("t::a", "skipped"))
    counts = {run.id: run.counts for run in store.list_runs()}
    assert (counts[first]["passed"], counts[first]["failed"], counts[first]["total"]) == (1, 1, 2)
    assert (counts[second]["skipped"], counts[second]["total"]) == (1, 1)


def test_last_run_id_prefers_ended_runs(store: ResultsStore) -> None:
    finished_run(store, result("t::a"))
    failed = finished_run(store, result("t::a", "failed"), status=RunStatus.FAILED)
    running = store.create_run("shop", "smoke", "staging")
    store.set_status(running, RunStatus.RUNNING)
    store.create_run("shop", "smoke", "prod")
    assert store.last_run_id("shop", "smoke", "staging") == failed
    assert store.last_run_id("shop", "smoke", "staging", ended_only=False) == running
    assert store.last_run_id("shop", "full", "staging") is None


def test_failed_nodeids_in_stored_order(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "staging")
    store.save_shard(run_id, shard_of(1, result("t::x", "failed", shard=1)))
    store.save_shard(run_id, shard_of(0, result("t::a"), result("t::b", "error"),
                                      result("t::c", "failed"), result("t::d", "xfailed")))
    assert store.failed_nodeids(run_id) == ["t::x", "t::b", "t::c"]


def test_durations_median_of_last_results(store: ResultsStore) -> None:
    finished_run(store, result("t::a", duration=1.0), result("t::b", duration=10.0))
    finished_run(store, result("t::a", duration=2.0), result("t::b", "skipped", 100.0))
    finished_run(store, result("t::a", "failed", 3.0), result("t::b", "error", 200.0))
    finished_run(store, result("t::a", duration=100.0), result("t::b", duration=20.0))
    finished_run(store, result("t::a", duration=500.0), project="bank")
    assert store.durations("shop") == {"t::a": 2.5, "t::b": 15.0}
    assert store.durations("shop", last=3) == {"t::a": 3.0, "t::b": 15.0}
    assert store.durations("shop", last=1) == {"t::a": 100.0, "t::b": 20.0}
    assert store.durations("shop", ["t::a", "t::unknown"], last=2) == {"t::a": 51.5}
    assert store.durations("shop", iter(["t::b"])) == {"t::b": 15.0}
    assert store.durations("shop", []) == {}
    assert store.durations("bank") == {"t::a": 500.0}
