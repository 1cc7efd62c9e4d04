"""One run of a suite in an environment: its identity, plan and verdict.

The pipeline's steps live in ``flows/run_suite.py``; what they decide is
plain Python here, so it is testable without Prefect:

    >>> ctx = open_run(".", "smoke", "local")
    >>> plan = plan_run(ctx, collection, store)
    >>> status = conclude(shard_results, collection_errors)
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from qatron.balance import plan_shards
from qatron.config import Project, load_project
from qatron.errors import ConfigError, StoreError
from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from qatron.pytest_runner import Collection, TestCommand
from qatron.queue import units_of
from qatron.store import ResultsStore, default_database_url


@dataclass
class RunContext:
    """Everything a step needs to know about the run it belongs to."""

    run_id: int
    project_dir: Path
    project_name: str
    suite: str
    environment: str
    run_dir: Path
    database_url: str
    shards: int
    retries: int
    timeout: float
    failed_only: bool = False
    changed_since: str | None = None
    branch: str | None = None
    commit: str | None = None
    params: dict[str, object] = field(default_factory=dict)

    def project(self) -> Project:
        return load_project(self.project_dir)

    def store(self) -> ResultsStore:
        return ResultsStore(self.database_url)


def database_url(project: Project) -> str:
    """QATRON_DATABASE_URL, else qatron.yml's results.database_url, else SQLite in .qatron/."""
    configured = project.config.results.database_url
    if configured and "QATRON_DATABASE_URL" not in os.environ:
        return configured
    return default_database_url(project.root)


def open_run(
    project_path: str | Path,
    suite: str,
    environment: str,
    *,
    shards: int | None = None,
    branch: str | None = None,
    commit: str | None = None,
    failed_only: bool = False,
    changed_since: str | None = None,
    app_version: str | None = None,
    shard_deployment: str | None = None,
) -> RunContext:
    """Validate the request, then record a queued run and make its folder.

    With ``shard_deployment`` (``run-shard/<name>``) its shards run as flow runs of that
    deployment, on whichever workers poll its work pool.
    """
    project = load_project(project_path)
    suite_config = project.suite(suite)
    project.environment(environment)
    TestCommand.for_suite(project, suite_config, {})  # a bad application fails before recording
    url = database_url(project)
    store = ResultsStore(url)
    try:
        notice_dead_runs(store, project.name)
        params = {"shards": shards, "failed_only": failed_only, "changed_since": changed_since,
                  "app_version": app_version, "shard_deployment": shard_deployment}
        run_id = store.create_run(project.name, suite, environment, branch=branch,
                                  commit=commit, params=params)
        run_dir = project.state_dir / "runs" / str(run_id)
        run_dir.mkdir(parents=True, exist_ok=True)
        store.update_run(run_id, run_dir=str(run_dir))
    finally:
        store.close()
    return RunContext(
        run_id=run_id, project_dir=project.root, project_name=project.name, suite=suite,
        environment=environment, run_dir=run_dir, database_url=url,
        shards=shards or suite_config.shards, retries=suite_config.retries,
        timeout=suite_config.timeout, failed_only=failed_only, changed_since=changed_since,
        branch=branch, commit=commit, params=params,
    )


def test_command(ctx: RunContext) -> TestCommand:
    """How this run's tests are collected and run, with the environment they get."""
    project = ctx.project()
    env = {
        "QATRON_ENVIRONMENT_FILE": str(ctx.run_dir / "environment.json"),
        "QATRON_PROJECT_DIR": str(project.root),
        "QATRON_RUN_ID": str(ctx.run_id),
        "QATRON_ENV": ctx.environment,
    }
    return TestCommand.for_suite(project, project.suite(ctx.suite), env)


def load_run(project_path: str | Path, run_id: int) -> RunContext:
    """The context of a run that ``qatron run`` already recorded as queued."""
    project = load_project(project_path)
    url = database_url(project)
    store = ResultsStore(url)
    try:
        record = store.get_run(run_id)
    finally:
        store.close()
    if record is None or record.project != project.name:
        raise ConfigError(f"{project.path}: no run {run_id} of project {project.name!r} in {url}")
    suite = project.suite(record.suite)
    params = dict(record.params or {})
    return RunContext(
        run_id=run_id, project_dir=project.root, project_name=project.name, suite=record.suite,
        environment=record.environment, run_dir=Path(record.run_dir or project.state_dir),
        database_url=url, shards=int(params.get("shards") or suite.shards),
        retries=suite.retries, timeout=suite.timeout,
        failed_only=bool(params.get("failed_only")),
        changed_since=params.get("changed_since"), branch=record.branch,
        commit=record.commit, params=params,
    )


def selection_base(ctx: RunContext) -> str | None:
    """The revision to select changed tests against, or None to run the whole suite.

    ``--changed-since REV`` wins; a suite with ``selection: changed`` and no
    revision compares the working tree with ``HEAD``.
    """
    if ctx.changed_since:
        return ctx.changed_since
    return "HEAD" if ctx.project().suite(ctx.suite).selection == "changed" else None


def select_tests(ctx: RunContext, collection: Collection, store: ResultsStore) -> list[str]:
    """The node ids to run: all collected, or only last run's failures with --failed-only."""
    if not ctx.failed_only:
        return collection.nodeids
    previous = store.last_run_id(ctx.project_name, ctx.suite, ctx.environment)
    failed = set(store.failed_nodeids(previous)) if previous and previous != ctx.run_id else set()
    return [nodeid for nodeid in collection.nodeids if nodeid in failed]


def plan_run(
    ctx: RunContext, nodeids: list[str], collection: Collection, store: ResultsStore
) -> list[list[str]]:
    """Split ``nodeids`` into shards balanced on the durations of earlier runs."""
    durations = store.durations(ctx.project_name, nodeids)
    return plan_shards(nodeids, durations, ctx.shards, _groups(collection))


def queue_mode(ctx: RunContext, nodeids: list[str], store: ResultsStore) -> bool:
    """Whether the shards pull from a shared queue: the suite says so, or (``auto``) no
    test to run has a recorded duration and there is more than one shard."""
    mode = ctx.project().suite(ctx.suite).sharding
    if mode == "auto":
        return ctx.shards > 1 and not store.durations(ctx.project_name, nodeids)
    return mode == "queue"


def queue_units(nodeids: list[str], collection: Collection) -> list[list[str]]:
    """The queue's units: the tests of one ``xdist_group`` together."""
    return units_of(nodeids, _groups(collection))


def _groups(collection: Collection) -> dict[str, str]:
    return {
        nodeid: marker.removeprefix("xdist_group:")
        for nodeid, markers in collection.markers.items()
        for marker in markers
        if marker.startswith("xdist_group:")
    }


_FINISHED = (ShardStatus.PASSED, ShardStatus.FAILED)


def resumable_shards(store: ResultsStore, run_id: int, run_dir: Path | None = None
                     ) -> tuple[list[ShardResult], dict[int, list[str]]]:
    """A stored run's finished shards, and the planned tests of the others by shard index.

    Shards kept in ``run_dir`` because the store could not take them are saved first.
    Both empty when the run never got as far as planning.
    """
    if run_dir is not None:
        for path, shard in unsaved_shards(run_dir):
            store.save_shard(run_id, shard)
            path.unlink(missing_ok=True)
    summary = store.load_summary(run_id)
    shards = [s for s in summary.shards if s.index > 0] if summary else []
    finished = [s for s in shards if s.status in _FINISHED]
    pending = {s.index: s.nodeids for s in shards if s.status not in _FINISHED}
    return finished, pending


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


def collection_shard(errors: list[TestResult], count: int) -> ShardResult:
    """Collection errors as a shard of their own (index 0), so they are stored and reported."""
    for error in errors:
        error.outcome = Outcome.ERROR
        error.shard_index = 0
    return ShardResult(index=0, count=count, status=ShardStatus.FAILED, results=errors,
                       message=f"{len(errors)} collection error(s)")


def gate_shard(report: Any, count: int) -> ShardResult:
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


def _failed_expectation(outcome: Any) -> str:
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
    return text


def _why(shard: ShardResult) -> str:
    """Why an infra_failed shard broke: the first line of its message, if it has one."""
    first = shard.message.strip().splitlines()[0] if shard.message.strip() else ""
    if shard.status is not ShardStatus.INFRA_FAILED or not first:
        return ""
    return f" ({first[:297] + '...' if len(first) > 300 else first})"


#: Seconds a run keeps retrying a store write that fails (QATRON_STORE_PATIENCE).
STORE_PATIENCE = 600.0
_STORE_RETRY_DELAY = 2.0
_KEPT = "shards/shard-{index}.result.json"
T = TypeVar("T")


def store_patience() -> float:
    """QATRON_STORE_PATIENCE if set to a positive number, else STORE_PATIENCE."""
    try:
        value = float(os.environ.get("QATRON_STORE_PATIENCE", STORE_PATIENCE))
    except ValueError:
        return STORE_PATIENCE
    return value if value > 0 else STORE_PATIENCE


def with_store(ctx: RunContext, write: Callable[[ResultsStore], T],
               patience: float | None = None) -> T:
    """``write(store)``, retried while the store is locked or unreachable.

    Gives up with the last StoreError once ``patience`` seconds (default: the store
    patience) have passed; 0 makes one attempt.
    """
    limit = store_patience() if patience is None else patience
    deadline = time.monotonic() + limit
    while True:
        try:
            with ctx.store() as store:
                return write(store)
        except StoreError as exc:
            if time.monotonic() + _STORE_RETRY_DELAY > deadline:
                raise StoreError(f"{exc} (retried for {limit:g} s)") from exc
        time.sleep(_STORE_RETRY_DELAY)


def keep_shard(run_dir: Path, shard: ShardResult) -> Path:
    """Write ``shard`` into the run folder, where ``resume`` finds it if the store never
    takes it; the file's path."""
    path = run_dir / _KEPT.format(index=shard.index)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(asdict(shard)), encoding="utf-8")
    partial.replace(path)
    return path


def unsaved_shards(run_dir: Path) -> list[tuple[Path, ShardResult]]:
    """The shards kept in the run folder that the store has not taken, by index."""
    found = []
    for path in sorted((run_dir / "shards").glob("shard-*.result.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        results = [TestResult(**{**r, "outcome": Outcome(r["outcome"])})
                   for r in data.pop("results", [])]
        found.append((path, ShardResult(**{**data, "status": ShardStatus(data["status"]),
                                           "results": results})))
    return sorted(found, key=lambda item: item[1].index)


def owner_stamp() -> dict[str, object]:
    """Who runs a run: this process (its pid and start time) on this host."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "since": _started(os.getpid())}


def owner_dead(stamp: object) -> bool:
    """Whether the process of ``stamp`` is gone; False when it is on another host or the
    stamp is not one (a run recorded before owners were)."""
    if not isinstance(stamp, dict) or stamp.get("host") != socket.gethostname():
        return False
    pid = stamp.get("pid")
    if not isinstance(pid, int):
        return False
    since = _started(pid)
    return since is None or since != stamp.get("since")  # gone, or its pid reused


def notice_dead_runs(store: ResultsStore, project: str) -> list[int]:
    """Mark the project's in-progress runs whose process died (on this host) ``crashed``;
    their ids. A crashed run is resumable: ``qatron resume ID``."""
    crashed = []
    for record in store.list_runs(project=project, limit=200):
        status = RunStatus(record.status)
        owner = (record.meta or {}).get("owner")
        if status.terminal or status is RunStatus.CRASHED or not owner_dead(owner):
            continue
        store.set_status(record.id, RunStatus.CRASHED,
                         f"the process running it (pid {owner['pid']}) died while the run was "
                         f"{status.value}; `qatron resume {record.id}` goes on with it")
        crashed.append(record.id)
    return crashed


def _started(pid: int) -> str | None:
    """A process's start time (clock ticks since boot), None if it is not running."""
    if not Path("/proc/self/stat").exists():  # no procfs: alive or not is all we can tell
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return "unknown"  # alive, another user's
        return "unknown"
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if stat[0] == "Z" else stat[19]
