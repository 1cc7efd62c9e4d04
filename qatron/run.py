"""One run of a suite in an environment: its identity and its record.

    >>> ctx = open_run(".", RunOptions(suite="smoke", environment="local"))
    >>> ctx.project.suite(ctx.suite).shards

The run's plan is made in ``qatron.planning``, its verdict in ``qatron.verdict``;
the pipeline's steps are in ``flows/run_suite.py``.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TypeVar

from qatron.config import JOURNEY_PREFIX, LOAD_PREFIX, Project, Suite, load_project
from qatron.errors import ConfigError, StoreError
from qatron.models import Outcome, ShardResult, ShardStatus, TestResult
from qatron.options import RunOptions
from qatron.owners import notice_dead_runs
from qatron.pytest_runner import TestCommand
from qatron.store import ResultsStore, database_url


@dataclass(frozen=True)
class RunContext:
    """Everything a step needs to know about the run it belongs to: its record, its
    options and its project, loaded once."""

    run_id: int
    project: Project
    options: RunOptions
    run_dir: Path
    database_url: str

    @property
    def project_dir(self) -> Path:
        return self.project.root

    @property
    def project_name(self) -> str:
        return self.project.name

    @property
    def suite(self) -> str:
        return self.options.suite

    @property
    def environment(self) -> str:
        return self.options.environment

    @property
    def journey_only(self) -> bool:
        """A run of one journey alone (suite ``journey:<name>``): no tests of its own."""
        return self.options.suite.startswith(JOURNEY_PREFIX)

    @property
    def load_only(self) -> bool:
        """A run of one load test alone (suite ``load:<name>``): no tests of its own."""
        return self.options.suite.startswith(LOAD_PREFIX)

    @property
    def standalone(self) -> bool:
        """A journey or a load test run alone: no tests of the suite's own to collect."""
        return self.journey_only or self.load_only

    @property
    def suite_config(self) -> Suite:
        return self.project.suite(self.options.suite)

    @property
    def shards(self) -> int:
        return self.options.shards or self.suite_config.shards

    @property
    def retries(self) -> int:
        return self.suite_config.retries

    @property
    def timeout(self) -> float:
        return self.suite_config.timeout

    @property
    def branch(self) -> str | None:
        return self.options.branch

    @property
    def commit(self) -> str | None:
        return self.options.commit

    def with_options(self, **changes: object) -> RunContext:
        """The same run with some options changed (e.g. shards sent to a work pool)."""
        return replace(self, options=self.options.but(**changes))

    def store(self) -> ResultsStore:
        return ResultsStore(self.database_url)


def open_run(project: str | Path | Project, options: RunOptions) -> RunContext:
    """Validate the request, then record a queued run and make its folder."""
    loaded = project if isinstance(project, Project) else load_project(project)
    suite = loaded.suite(options.suite)
    loaded.environment(options.environment)
    if not options.suite.startswith((JOURNEY_PREFIX, LOAD_PREFIX)):
        TestCommand.for_suite(loaded, suite, {})  # a bad application fails before recording
    url = database_url(loaded)
    with ResultsStore(url) as store:
        notice_dead_runs(store, loaded.name)
        run_id = store.create_run(loaded.name, options.suite, options.environment,
                                  branch=options.branch, commit=options.commit,
                                  params=options.params())
        run_dir = loaded.state_dir / "runs" / str(run_id)
        run_dir.mkdir(parents=True, exist_ok=True)
        store.update_run(run_id, run_dir=str(run_dir))
    return RunContext(run_id=run_id, project=loaded, options=options, run_dir=run_dir,
                      database_url=url)


def load_run(project: str | Path | Project, run_id: int) -> RunContext:
    """The context of a run already recorded (by ``qatron run``, or one to resume)."""
    loaded = project if isinstance(project, Project) else load_project(project)
    url = database_url(loaded)
    with ResultsStore(url) as store:
        record = store.get_run(run_id)
    if record is None or record.project != loaded.name:
        raise ConfigError(f"{loaded.path}: no run {run_id} of project {loaded.name!r} in {url}")
    loaded.suite(record.suite)
    options = RunOptions.from_params(record.suite, record.environment, record.params or {},
                                     branch=record.branch, commit=record.commit)
    return RunContext(run_id=run_id, project=loaded, options=options,
                      run_dir=Path(record.run_dir or loaded.state_dir), database_url=url)


def test_command(ctx: RunContext) -> TestCommand:
    """How this run's tests are collected and run, with the environment they get."""
    return TestCommand.for_suite(ctx.project, ctx.suite_config, test_environ(ctx))


def test_environ(ctx: RunContext) -> dict[str, str]:
    """What the run's test processes get in their environment, besides QAtron's plugin:
    also the ``QATRON_BROWSER_*`` settings of the suite's ``browser:`` (see
    :mod:`qatron.browser_config`), the Grid's URL once the environment is up."""
    from qatron.browser_config import browser_environ, browser_of, kept

    settings = browser_of(ctx.project, None if ctx.standalone else ctx.suite_config)
    return {
        "QATRON_ENVIRONMENT_FILE": str(ctx.run_dir / "environment.json"),
        "QATRON_PROJECT_DIR": str(ctx.project.root),
        "QATRON_RUN_ID": str(ctx.run_id),
        "QATRON_ENV": ctx.environment,
        **(browser_environ(settings) if settings is not None else {}),
        **kept(ctx.run_dir),
    }


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
