"""The shard plan, made in the engine: history, queue, resume, the change filter and the
work pool, on a real SQLite results store and no Prefect."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.collection_cache import collect_cached
from qatron.errors import ConfigError
from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.options import RunOptions
from qatron.planning import (
    QUEUE_FILE,
    HistoryMode,
    PlanRequest,
    QueueMode,
    ResumeMode,
    ShardsCollect,
    choose_mode,
    collected_by_shards,
    make_plan,
    shards_collect,
)
from qatron.pytest_runner import Collection
from qatron.queue import claim
from qatron.run import RunContext, open_run
from qatron.run import test_command as command_of
from tests.projects import write_project
from tests.selection import Repo

TESTS = [f"tests/test_a.py::test_{i}" for i in range(6)]


def collection(nodeids: list[str] = TESTS, markers: dict[str, list[str]] | None = None
               ) -> Collection:
    return Collection(nodeids=list(nodeids), markers=markers or {}, rootdir=Path("."),
                      errors=[])


def run(tmp_path: Path, sharding: str = "auto", **options: object) -> RunContext:
    root = tmp_path / "p"
    if not (root / "qatron.yml").exists():
        write_project(root, f"""
            project: plans
            suites: {{all: {{shards: 2, sharding: {sharding}}}}}
        """, {"tests/test_a.py": ""})
    return open_run(root, RunOptions("all", "local", **options))  # type: ignore[arg-type]


def record(ctx: RunContext, durations: dict[str, float], failed: set[str] = frozenset()
           ) -> None:
    """A finished earlier run of the suite with these durations (and failures)."""
    results = [TestResult(nodeid=n, outcome=Outcome.FAILED if n in failed else Outcome.PASSED,
                          duration=d, shard_index=1) for n, d in durations.items()]
    with ctx.store() as store:
        store.save_shard(ctx.run_id, ShardResult(index=1, count=1, status=ShardStatus.PASSED,
                                                 results=results))
        store.set_status(ctx.run_id, RunStatus.FAILED if failed else RunStatus.COMPLETED)


def test_recorded_durations_balance_the_shards_and_the_plan_is_stored(tmp_path: Path) -> None:
    earlier = run(tmp_path)
    record(earlier, {TESTS[0]: 9.0, **{n: 1.0 for n in TESTS[1:]}})
    ctx = run(tmp_path)
    with ctx.store() as store:
        plan = make_plan(ctx, collection(), store)
        stored = store.load_summary(ctx.run_id)
        sharding = store.get_run(ctx.run_id).sharding

    assert plan.mode == "history" and plan.queue is None and plan.deployment is None
    assert plan.shards[1] == [TESTS[0]] and sorted(plan.shards[2]) == sorted(TESTS[1:])
    assert sharding == "history"
    assert {s.index: s.nodeids for s in stored.shards} == plan.shards
    assert {s.status for s in stored.shards} == {ShardStatus.PENDING}
    assert plan.describe() == "6 tests in 2 shard(s)"


def test_without_history_the_shards_pull_from_one_queue(tmp_path: Path) -> None:
    ctx = run(tmp_path)
    with ctx.store() as store:
        plan = make_plan(ctx, collection(), store)
        assert store.get_run(ctx.run_id).sharding == "queue"

    assert plan.mode == "queue" and plan.queue == ctx.run_dir / QUEUE_FILE
    assert plan.shards == {1: TESTS, 2: TESTS}
    assert plan.describe() == "6 tests in 2 shard(s), pulling from one queue"
    assert claim(plan.queue, shard=1, shards=2) == [TESTS[0]]


def test_with_no_history_and_no_cached_collection_the_shards_collect(tmp_path: Path) -> None:
    ctx = run(tmp_path)
    collecting = shards_collect(ctx, command_of(ctx))
    assert collecting == ShardsCollect(cache=None)  # not a git checkout: nothing to key on
    with ctx.store() as store:
        plan = make_plan(ctx, collecting, store)
        stored, record = store.load_summary(ctx.run_id), store.get_run(ctx.run_id)
    assert stored is not None and record is not None and record.sharding == "queue"

    assert plan.collecting == collecting and plan.queue == ctx.run_dir / QUEUE_FILE
    assert plan.shards == {1: [], 2: []} and not plan.queue.exists()  # the shards write it
    assert plan.describe() == "2 shard(s) collecting the tests, pulling from one queue"
    assert {s.index: s.nodeids for s in stored.shards} == {1: [], 2: []}


def test_a_collection_to_plan_from_or_to_choose_from_is_collected_first(
        tmp_path: Path) -> None:
    earlier = run(tmp_path)
    assert shards_collect(earlier, command_of(earlier), resume=True) is None
    for options in ({"failed_only": True}, {"changed_since": "HEAD~1"},
                    {"shard_deployment": "run-shard/docker"}, {"shards": 1}):
        ctx = run(tmp_path, **options)
        assert shards_collect(ctx, command_of(ctx)) is None, options
    record(earlier, {TESTS[0]: 1.0})  # durations to balance on: history mode
    ctx = run(tmp_path)
    assert shards_collect(ctx, command_of(ctx)) is None


def test_a_cached_collection_is_planned_from(tmp_path: Path) -> None:
    root = Repo(tmp_path / "p", {"qatron.yml": "project: plans\nsuites: {all: {shards: 2}}\n",
                                 "tests/test_a.py": "def test_one():\n    pass\n"}).root
    ctx = open_run(root, RunOptions("all", "local"))
    command = command_of(ctx)
    collecting = shards_collect(ctx, command)
    assert collecting is not None and collecting.cache is not None
    collect_cached(command, ctx.run_dir, ctx.project.state_dir)  # an earlier run's
    assert collecting.cache.is_file() and shards_collect(ctx, command) is None


def test_shards_stopped_before_collecting_leave_no_collection_and_dead_ones_an_error(
        tmp_path: Path) -> None:
    ctx = run(tmp_path)
    stopped = [ShardResult(index=1, count=2, status=ShardStatus.TIMED_OUT),
               ShardResult(index=2, count=2, status=ShardStatus.INFRA_FAILED)]
    assert collected_by_shards(ctx, ShardsCollect(cache=None), stopped) is None
    dead = [ShardResult(index=i, count=2, status=ShardStatus.INFRA_FAILED,
                        message="test process was killed by signal 9 while collecting the tests",
                        log_path=f"{ctx.run_dir}/logs/shard-{i}.log") for i in (1, 2)]
    with pytest.raises(ConfigError) as raised:
        collected_by_shards(ctx, ShardsCollect(cache=None), dead)
    assert str(raised.value) == (
        f"collecting the tests failed: no shard's test process finished collecting them "
        f"(see {ctx.run_dir}/logs/shard-1.log, {ctx.run_dir}/logs/shard-2.log):\n"
        f"test process was killed by signal 9 while collecting the tests")


def test_a_run_whose_shards_were_to_collect_resumes_with_what_is_left(tmp_path: Path) -> None:
    ctx = run(tmp_path)
    with ctx.store() as store:
        make_plan(ctx, ShardsCollect(cache=None), store)
        store.save_shard(ctx.run_id, ShardResult(
            index=1, count=2, status=ShardStatus.PASSED, nodeids=TESTS[:2],
            results=[TestResult(nodeid=n, outcome=Outcome.PASSED, shard_index=1)
                     for n in TESTS[:2]]))
        store.set_sharding(ctx.run_id, "queue")
        resumed = make_plan(ctx, collection(), store, resume=True)
    assert resumed.mode == "queue" and list(resumed.shards) == [2]
    assert resumed.nodeids == TESTS[2:] and resumed.queue is not None


def test_a_work_pool_cannot_share_the_queue_and_the_run_says_so(tmp_path: Path) -> None:
    ctx = run(tmp_path, sharding="queue", shard_deployment="run-shard/docker")
    with ctx.store() as store:
        plan = make_plan(ctx, collection(), store)

    assert plan.mode == "history" and plan.queue is None
    assert plan.deployment == "run-shard/docker"
    assert "queue sharding needs the shards on this machine" in plan.describe()
    assert not (ctx.run_dir / QUEUE_FILE).exists()


def test_the_change_filter_and_failed_only_narrow_the_tests(tmp_path: Path) -> None:
    earlier = run(tmp_path)
    record(earlier, {n: 1.0 for n in TESTS}, failed={TESTS[1], TESTS[4]})
    ctx = run(tmp_path, failed_only=True)
    with ctx.store() as store:
        plan = make_plan(ctx, collection(), store, chosen={TESTS[0], TESTS[4]})

    assert plan.nodeids == [TESTS[4]]


def test_xdist_groups_stay_in_one_shard(tmp_path: Path) -> None:
    earlier = run(tmp_path)
    record(earlier, {n: 1.0 for n in TESTS})
    ctx = run(tmp_path)
    grouped = collection(markers={TESTS[0]: ["xdist_group:db"], TESTS[5]: ["xdist_group:db"]})
    with ctx.store() as store:
        plan = make_plan(ctx, grouped, store)

    together = [ids for ids in plan.shards.values() if TESTS[0] in ids]
    assert TESTS[5] in together[0]


@pytest.mark.parametrize("sharding", ["history", "queue"])
def test_resuming_keeps_finished_shards_and_plans_only_the_rest(tmp_path: Path,
                                                                sharding: str) -> None:
    ctx = run(tmp_path, sharding=sharding)
    with ctx.store() as store:
        first = make_plan(ctx, collection(), store)
        done = first.shards[1] if sharding == "history" else TESTS[:2]
        store.save_shard(ctx.run_id, ShardResult(
            index=1, count=2, status=ShardStatus.PASSED, nodeids=done,
            results=[TestResult(nodeid=n, outcome=Outcome.PASSED, shard_index=1)
                     for n in done]))
        resumed = make_plan(ctx, collection(), store, resume=True)

    assert [s.index for s in resumed.finished] == [1]
    assert list(resumed.shards) == [2] and resumed.count == 2
    assert resumed.mode == sharding
    if sharding == "queue":
        assert resumed.queue is not None and resumed.nodeids == TESTS[2:]
    else:
        assert resumed.nodeids == first.shards[2]
    assert "(1 finished shard(s) kept)" in resumed.describe()


def test_a_run_that_never_planned_is_planned_afresh_on_resume(tmp_path: Path) -> None:
    ctx = run(tmp_path, sharding="history")
    with ctx.store() as store:
        plan = make_plan(ctx, collection(), store, resume=True)
    assert plan.finished == [] and sorted(plan.nodeids) == TESTS


def test_the_choice_of_mode_is_made_in_one_place() -> None:
    request = PlanRequest(nodeids=TESTS, collection=collection(), shards=2, durations={},
                          run_dir=Path("."))
    timed = PlanRequest(nodeids=TESTS, collection=collection(), shards=2,
                        durations={TESTS[0]: 1.0}, run_dir=Path("."))
    single = PlanRequest(nodeids=TESTS, collection=collection(), shards=1, durations={},
                         run_dir=Path("."))
    resumed = ResumeMode(finished=[], pending={2: TESTS}, sharding="queue")

    assert isinstance(choose_mode("auto", request, None)[0], QueueMode)
    assert isinstance(choose_mode("auto", timed, None)[0], HistoryMode)
    assert isinstance(choose_mode("auto", single, None)[0], HistoryMode)
    assert isinstance(choose_mode("queue", timed, None)[0], QueueMode)
    assert isinstance(choose_mode("history", request, None)[0], HistoryMode)
    assert choose_mode("queue", request, "run-shard/x", resumed)[0] is resumed
    mode, notes = choose_mode("auto", request, "run-shard/x")
    assert isinstance(mode, HistoryMode) and "run-shard/x" in notes[0]


def test_failed_only_reruns_the_files_of_failed_tests_when_files_are_collected(
        tmp_path: Path) -> None:
    files = ["test/cart.test.js", "test/pay.test.js", "test/user.test.js"]
    earlier = run(tmp_path)
    record(earlier, {"test/pay.test.js::refuses a card": 1.0, "test/cart.test.js::adds": 1.0},
           failed={"test/pay.test.js::refuses a card"})
    ctx = run(tmp_path, failed_only=True)
    with ctx.store() as store:
        plan = make_plan(ctx, collection(files), store)

    assert plan.nodeids == ["test/pay.test.js"]
