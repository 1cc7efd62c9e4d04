"""Which tests a run runs, in which shards, and where: the one place the plan is made.

    plan = make_plan(ctx, collection, store, chosen=None, resume=False)

The tests: every collected test, or only the last run's failures (``failed_only``),
narrowed to those a change may break (``chosen``, from change-based selection).

The shards, by one of the sharding modes, picked in :func:`choose_mode`:

    resume    a run whose process died: its finished shards are kept, the others
              run again as planned (from one queue again if the run pulled from one)
    queue     no history to balance on: every shard pulls batches from one queue
              file in the run folder (needs the shards on this machine); with no
              cached collection either, the shards collect for themselves and the
              first to finish writes the queue (:func:`shards_collect`), so no
              collection pass runs before them
    history   shards balanced on recorded durations (longest first, LPT)

Where they run: here (a process per shard) or, with ``shard_deployment``, as flow
runs on a work pool. A new sharding mode implements :class:`ShardingMode` and gets
its case in :func:`choose_mode`; the flow launches whatever plan it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from qatron.balance import plan_shards
from qatron.collection_cache import cache_entry, keep_collection, prefetch_uncached
from qatron.errors import ConfigError
from qatron.models import ShardResult, ShardStatus
from qatron.pytest_runner import COLLECTION_FILE, Collection, TestCommand, read_collection
from qatron.queue import create_queue, units_of

if TYPE_CHECKING:
    from qatron.run import RunContext
    from qatron.store import ResultsStore

QUEUE_FILE = "queue.json"
_FINISHED = (ShardStatus.PASSED, ShardStatus.FAILED)


@dataclass(frozen=True)
class PlanRequest:
    """What a sharding mode plans from."""

    #: The tests to run, in order.
    nodeids: list[str]
    collection: Collection
    #: How many shards at most.
    shards: int
    #: Recorded durations of the tests that have some, in seconds.
    durations: dict[str, float]
    run_dir: Path


@dataclass
class ShardPlan:
    """The shards to launch, and how they were planned."""

    mode: str
    #: Node ids per shard index (in queue mode every shard lists the whole queue).
    shards: dict[int, list[str]]
    #: The queue the shards pull from, in queue mode.
    queue: Path | None = None
    #: Shards of a resumed run that had finished: kept, not run again.
    finished: list[ShardResult] = field(default_factory=list)
    #: Run each shard as a flow run of this deployment, or here when None.
    deployment: str | None = None
    #: Decisions the user should know about (a mode that could not be used).
    notes: list[str] = field(default_factory=list)
    #: The shards collect the tests for themselves (their lists are empty until then).
    collecting: ShardsCollect | None = None

    @property
    def count(self) -> int:
        return len(self.shards) + len(self.finished)

    @property
    def nodeids(self) -> list[str]:
        """The tests left to run, each once."""
        return list(dict.fromkeys(n for ids in self.shards.values() for n in ids))

    def describe(self) -> str:
        """One line for the run's status: "12 tests in 2 shard(s), pulling from one queue"."""
        text = f"{len(self.nodeids)} tests in {len(self.shards)} shard(s)"
        if self.collecting is not None:
            text = f"{len(self.shards)} shard(s) collecting the tests"
        if self.queue is not None:
            text += ", pulling from one queue"
        if self.finished:
            text += f" ({len(self.finished)} finished shard(s) kept)"
        if self.deployment:
            text += f" on {self.deployment}"
        return "; ".join([text, *self.notes])


@dataclass(frozen=True)
class ShardsCollect:
    """Queue mode with no collection to plan from: each shard's pytest session collects
    the suite, and the first to finish writes the collection in the run folder and the
    queue (see qatron.queue); the collection is kept afterwards at ``cache`` (None: not
    kept)."""

    cache: Path | None


class ShardingMode(Protocol):
    """A way to split a run's tests into shards."""

    name: str

    def plan(self, request: PlanRequest) -> ShardPlan: ...


class HistoryMode:
    """Shards balanced on recorded durations; tests of one ``xdist_group`` together."""

    name = "history"

    def plan(self, request: PlanRequest) -> ShardPlan:
        split = plan_shards(request.nodeids, request.durations, request.shards,
                            xdist_groups(request.collection))
        return ShardPlan(self.name, dict(enumerate(split, start=1)))


class QueueMode:
    """Every shard pulls shrinking batches from one queue in the run folder."""

    name = "queue"

    def plan(self, request: PlanRequest) -> ShardPlan:
        queue = create_queue(request.run_dir / QUEUE_FILE,
                             queue_units(request.nodeids, request.collection))
        count = min(request.shards, len(request.nodeids))
        return ShardPlan(self.name, {i: request.nodeids for i in range(1, count + 1)},
                         queue=queue)


@dataclass
class ResumeMode:
    """A run whose process died: finished shards kept, the others as they were planned."""

    finished: list[ShardResult]
    pending: dict[int, list[str]]
    #: How the run was sharded before ("queue" rebuilds the queue of what is left).
    sharding: str | None
    name: str = "resume"

    def plan(self, request: PlanRequest) -> ShardPlan:
        if self.sharding == QueueMode.name:
            done = {nodeid for shard in self.finished for nodeid in shard.nodeids}
            planned = [n for ids in self.pending.values() for n in ids]
            if not planned:  # the shards were to collect the tests for themselves
                planned = request.collection.nodeids
            left = [n for n in dict.fromkeys(planned) if n not in done]
            queue = create_queue(request.run_dir / QUEUE_FILE,
                                 queue_units(left, request.collection))
            return ShardPlan(QueueMode.name, {index: left for index in self.pending},
                             queue=queue, finished=self.finished)
        return ShardPlan(HistoryMode.name, dict(self.pending), finished=self.finished)


def choose_mode(setting: str, request: PlanRequest, deployment: str | None,
                resumed: ResumeMode | None = None) -> tuple[ShardingMode, list[str]]:
    """The one choice of sharding mode, and a note when the suite's wish can't be met.

    ``setting`` is the suite's ``sharding``: ``history``, ``queue``, or ``auto`` (a queue
    when more than one shard and no test to run has a recorded duration).
    """
    if resumed is not None:
        return resumed, []
    wants_queue = setting == "queue" or (
        setting == "auto" and request.shards > 1 and not request.durations)
    if wants_queue and deployment:
        return HistoryMode(), [f"queue sharding needs the shards on this machine; on "
                               f"{deployment} they are balanced on recorded durations"]
    return (QueueMode() if wants_queue else HistoryMode()), []


def shards_collect(ctx: RunContext, command: TestCommand, resume: bool = False
                   ) -> ShardsCollect | None:
    """Whether the run's shards collect the tests for themselves: when they would pull from
    a queue (the suite's ``sharding`` is ``queue``, or ``auto`` with several shards and no
    recorded duration in the project) and no cached collection fits. Not for a resumed
    run, ``failed_only`` or change-based selection (they choose tests from a collection),
    shards on a work pool, or a runner other than pytest."""
    setting = ctx.suite_config.sharding
    if (resume or command.junit_app is not None or ctx.options.failed_only
            or ctx.options.shard_deployment or selection_base(ctx) is not None
            or setting not in ("queue", "auto") or (setting == "auto" and ctx.shards < 2)):
        return None
    entry = cache_entry(command, ctx.project.state_dir)
    if entry is not None and entry.is_file():
        return None
    if setting == "auto":
        with ctx.store() as store:
            if store.has_durations(ctx.project_name):
                return None
    return ShardsCollect(entry)


def start_collecting(ctx: RunContext, command: TestCommand) -> None:
    """Start the run's collection now, while Prefect starts, unless a cached collection
    fits or the shards will collect the tests for themselves."""
    if shards_collect(ctx, command) is None:
        prefetch_uncached(command, ctx.run_dir, ctx.project.state_dir)


def collected_by_shards(ctx: RunContext, collecting: ShardsCollect,
                        shards: list[ShardResult]) -> Collection | None:
    """The collection the first shard to finish collecting wrote, kept for the next runs;
    None when the shards were stopped (timed out, cancelled) before any had collected.

    Raises ConfigError when every shard's test process ended without collecting.
    """
    if (ctx.run_dir / COLLECTION_FILE).exists():
        collection = read_collection(ctx.run_dir)
        keep_collection(collecting.cache, ctx.run_dir, collection)
        return collection
    if any(shard.status in (ShardStatus.TIMED_OUT, ShardStatus.CANCELLED) for shard in shards):
        return None
    logs = ", ".join(shard.log_path for shard in shards if shard.log_path)
    raise ConfigError(f"collecting the tests failed: no shard's test process finished "
                      f"collecting them (see {logs or ctx.run_dir / 'logs'}):\n"
                      f"{shards[0].message if shards else ''}".rstrip())


def make_plan(ctx: RunContext, collection: Collection | ShardsCollect, store: ResultsStore,
              chosen: set[str] | None = None, resume: bool = False) -> ShardPlan:
    """Plan the run's shards and record the plan (planned shards survive a crash, so a
    resumed run knows what is left). Given :class:`ShardsCollect` instead of a collection,
    every shard collects and pulls from a queue the first to finish collecting writes."""
    if isinstance(collection, ShardsCollect):
        plan = ShardPlan(QueueMode.name, {index: [] for index in range(1, ctx.shards + 1)},
                         queue=ctx.run_dir / QUEUE_FILE, collecting=collection)
        _record(ctx, store, plan)
        return plan
    resumed = resumed_shards(store, ctx.run_id, ctx.run_dir) if resume else None
    nodeids = [] if resumed else select_tests(ctx, collection, store)
    if chosen is not None:
        nodeids = [nodeid for nodeid in nodeids if nodeid in chosen]
    by_file = not ctx.project.application_of(ctx.suite_config)[1].uses_pytest
    durations = (file_durations(store.durations(ctx.project_name), nodeids) if by_file
                 else store.durations(ctx.project_name, nodeids)) if nodeids else {}
    request = PlanRequest(nodeids=nodeids, collection=collection, shards=ctx.shards,
                          durations=durations, run_dir=ctx.run_dir)
    deployment = ctx.options.shard_deployment
    # a JUnit runner's shards run their files in one command: no queue to pull from
    setting = "history" if by_file else ctx.suite_config.sharding
    mode, notes = choose_mode(setting, request, deployment, resumed)
    plan = mode.plan(request)
    plan.deployment, plan.notes = deployment, notes
    if resumed is None:
        _record(ctx, store, plan)
    return plan


def _record(ctx: RunContext, store: ResultsStore, plan: ShardPlan) -> None:
    store.set_sharding(ctx.run_id, plan.mode)
    for index, ids in plan.shards.items():
        store.save_shard(ctx.run_id, ShardResult(index=index, count=plan.count,
                                                 status=ShardStatus.PENDING, nodeids=ids))


def file_durations(durations: dict[str, float], files: list[str]) -> dict[str, float]:
    """Each test file's duration: the sum of its tests' (node ids ``<file>::…``); files
    with no recorded test are left out."""
    wanted, summed = set(files), dict[str, float]()
    for nodeid, seconds in durations.items():
        file = nodeid.split("::", 1)[0]
        if file in wanted:
            summed[file] = summed.get(file, 0.0) + seconds
    return summed


def resumed_shards(store: ResultsStore, run_id: int, run_dir: Path) -> ResumeMode | None:
    """A stored run's finished shards and the planned tests of the others, as a mode;
    None when the run never got as far as planning.

    Shards kept in ``run_dir`` because the store could not take them are saved first.
    """
    from qatron.run import unsaved_shards

    for path, shard in unsaved_shards(run_dir):
        store.save_shard(run_id, shard)
        path.unlink(missing_ok=True)
    summary = store.load_summary(run_id)
    shards = [s for s in summary.shards if s.index > 0] if summary else []
    if not shards:
        return None
    record = store.get_run(run_id)
    return ResumeMode(finished=[s for s in shards if s.status in _FINISHED],
                      pending={s.index: s.nodeids for s in shards if s.status not in _FINISHED},
                      sharding=record.sharding if record else None)


def select_tests(ctx: RunContext, collection: Collection, store: ResultsStore) -> list[str]:
    """The node ids to run: all collected, or only last run's failures with failed_only.

    A suite of another runner collects test files: a file is run again when one of its
    tests (``file::test``) failed.
    """
    if not ctx.options.failed_only:
        return collection.nodeids
    previous = store.last_run_id(ctx.project_name, ctx.suite, ctx.environment)
    failed = set(store.failed_nodeids(previous)) if previous and previous != ctx.run_id else set()
    files = {nodeid.split("::", 1)[0] for nodeid in failed}
    return [nodeid for nodeid in collection.nodeids
            if nodeid in failed or ("::" not in nodeid and nodeid in files)]


def selection_base(ctx: RunContext) -> str | None:
    """The revision to select changed tests against, or None to run the whole suite.

    ``changed_since`` wins; a suite with ``selection: changed`` and no revision
    compares the working tree with ``HEAD``.
    """
    if ctx.options.changed_since:
        return ctx.options.changed_since
    return "HEAD" if ctx.suite_config.selection == "changed" else None


def queue_units(nodeids: list[str], collection: Collection) -> list[list[str]]:
    """The queue's units: the tests of one ``xdist_group`` together."""
    return units_of(nodeids, xdist_groups(collection))


def xdist_groups(collection: Collection) -> dict[str, str]:
    """Each test's ``xdist_group`` name, for the tests that have one."""
    return {
        nodeid: marker.removeprefix("xdist_group:")
        for nodeid, markers in collection.markers.items()
        for marker in markers
        if marker.startswith("xdist_group:")
    }
