"""Collect a suite's tests and run one shard of them in its own pytest process.

    >>> command = TestCommand.for_suite(project, suite, environment_file)
    >>> collection = collect_tests(command, run_dir)
    >>> result = execute_shard(ShardSpec(1, 2, nodeids, run_dir, command, deadline, retries=1))

A shard is one pytest process writing JUnit XML and, through QAtron's plugin,
one JSON line per finished test, so the results it got survive a crash. The
suite's deadline is enforced by killing the shard's whole process group.
Whatever the tests started (in the group or in a session of their own) is
stopped when each pytest process ends, passed, failed, timed out or died.
A process that ends without finishing its session (``os._exit`` in a test,
a signal) is a dead test process: the shard is ``infra_failed``.
Failed tests are rerun up to ``retries`` times (those the suite's ``retry_on``
picks, see :mod:`qatron.flaky`); a test that passes on a rerun is kept as
passed and marked flaky. With ``infrastructure_error``, a crashed process's
unfinished tests are run again too. A planned test whose id changed since the
collection (a parameter from the clock or a random value) runs under its new id,
keeps its outcome and is marked ``unstable_id`` (see :mod:`qatron.unstable_ids`).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qatron.errors import ConfigError, QatronError
from qatron.exit_codes import EXIT_INTERRUPTED
from qatron.flaky import RetryPolicy
from qatron.interpreter import PLUGIN_ARGS, Interpreter
from qatron.models import Outcome, ShardResult, ShardStatus, TestResult
from qatron.processes import Spawned, project_mark, spawn, stop_group, tail
from qatron.queue import claimed
from qatron.selection.recording import coverage_prefix

if TYPE_CHECKING:
    from qatron.config import Application, Project, Suite

#: pytest exit codes that mean "the tests ran" (all passed, some failed, none collected).
_RAN = {0, 1, 5}
_POLL = 0.05
#: The collection's tests, in a run folder (or ``collect_tests``'s ``work_dir``).
COLLECTION_FILE = "collect.json"
#: The collection's errors and module-level skips, as the plugin's JSON lines.
COLLECTION_RESULTS = "collect-errors.jsonl"


@dataclass
class TestCommand:
    """How to run an application's tests: folder, paths, marker expression, env."""

    __test__ = False

    app_dir: Path
    paths: list[str]
    marker_expression: str | None = None
    extra_args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    #: Where shard attempts write per-test coverage (see qatron.selection.recording).
    coverage_dir: Path | None = None
    #: Marks the test processes as this project's (see qatron.processes).
    project: str | None = None
    #: The application's interpreter (see qatron.interpreter); None: QAtron's own.
    python: Interpreter | None = None
    #: An application whose command writes JUnit XML (see qatron.junit_runner); None: pytest.
    junit_app: Application | None = None

    @classmethod
    def for_suite(cls, project: Project, suite: Suite, env: dict[str, str]) -> TestCommand:
        name, application = project.application_of(suite)
        command = cls.for_application(project, name, env, coverage=_needs_coverage(project,
                                                                                  suite))
        command.paths = list(suite.paths or application.tests)
        command.marker_expression = suite.marker_expression()
        return command

    @classmethod
    def for_application(cls, project: Project, name: str, env: dict[str, str],
                        coverage: bool = False) -> TestCommand:
        """How to run tests of application ``name`` (its ``tests``, no markers)."""
        application = project.config.applications[name]
        app_dir = (project.root / application.path).resolve()
        if not app_dir.is_dir():
            raise ConfigError(f"{project.path}: application folder {app_dir} does not exist")
        python = None
        if application.uses_pytest:
            python = Interpreter.of(project, name, application)
            python.require(coverage=coverage)
        return cls(
            app_dir=app_dir,
            paths=list(application.tests),
            extra_args=list(application.pytest_args),
            env=env,
            project=project_mark(project.root),
            python=python,
            junit_app=None if application.uses_pytest else application,
        )

    def argv(self, *extra: str, coverage_name: str | None = None) -> list[str]:
        """pytest's argv; under coverage.py, into ``coverage_dir/<coverage_name>.coverage.*``."""
        python = self.python.path if self.python is not None else Path(sys.executable)
        runner = [str(python), "-m", "pytest"]
        if self.coverage_dir is not None and coverage_name is not None:
            if self.python is not None:
                self.python.require(coverage=True)
            runner = coverage_prefix(self.coverage_dir / f"{coverage_name}.coverage",
                                     [self.app_dir], python)
        args = [*runner, *PLUGIN_ARGS, "-p", "no:cacheprovider", "-q", "-rfE",
                "--continue-on-collection-errors", *self.extra_args]
        if self.marker_expression:
            args += ["-m", self.marker_expression]
        return [*args, *extra]

    def environ(self) -> dict[str, str]:
        """The test process's environment: QAtron's plugin first on its PYTHONPATH."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        return (self.python or Interpreter(Path(sys.executable), "", "")).plugin_env(env)


def _needs_coverage(project: Project, suite: Suite) -> bool:
    """Whether the suite surely runs under coverage.py (change-based selection asked on the
    command line is checked later)."""
    return suite.record_coverage or suite.selection == "changed" or (
        suite.layer is not None and suite.layer in project.config.coverage.thresholds)


@dataclass
class Collection:
    """The tests a suite selects: node ids, their markers, and collection errors."""

    nodeids: list[str]
    markers: dict[str, list[str]]
    rootdir: Path
    errors: list[TestResult]
    #: The application's own packages the tests imported from elsewhere: {name: file}.
    imported_elsewhere: dict[str, str] = field(default_factory=dict)
    #: Modules skipped while collected (``pytest.importorskip``, ``pytest.skip(...,
    #: allow_module_level=True)``): one skipped result each, its node id the module's path.
    skipped: list[TestResult] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """What the run should warn about: the tests imported another copy of the code."""
        return [f"the tests imported {name} from {where}, not from the application folder "
                f"(an installed copy wins over the checkout: run them with the application's "
                f"interpreter, applications.<name>.python, or install it there in editable "
                f"mode)" for name, where in self.imported_elsewhere.items()]


_prefetched: dict[Path, Spawned] = {}


def prefetch_collection(command: TestCommand, work_dir: Path) -> None:
    """Start collecting now, e.g. while Prefect is still being imported.

    The next ``collect_tests`` for the same ``work_dir`` in this process waits
    for this collection instead of starting another one.
    """
    _prefetched[work_dir] = _start_collection(command, work_dir)


def discard_prefetched(work_dir: Path | None = None) -> None:
    """Stop collections that were prefetched but never used (only ``work_dir``'s, if given)."""
    if work_dir is not None:
        if (process := _prefetched.pop(work_dir, None)) is not None:
            stop_group(process)
        return
    while _prefetched:
        stop_group(_prefetched.popitem()[1])


class CollectionCancelled(QatronError):
    """The run was cancelled while its tests were being collected."""

    exit_code = EXIT_INTERRUPTED
    status = "cancelled"


def collect_tests(command: TestCommand, work_dir: Path, timeout: float = 300,
                  cancel: threading.Event | None = None) -> Collection:
    """Run pytest's collection once and read what it selected.

    Setting ``cancel`` stops the collection's processes at once and raises
    :class:`CollectionCancelled`.
    """
    process = _prefetched.pop(work_dir, None) or _start_collection(command, work_dir)
    out = work_dir / COLLECTION_FILE
    deadline = time.monotonic() + timeout
    try:
        while (code := process.poll()) is None and time.monotonic() < deadline:
            if cancel is not None and cancel.is_set():
                raise CollectionCancelled(f"collecting the tests in {command.app_dir} "
                                          f"was cancelled")
            time.sleep(_POLL)
    finally:
        stop_group(process)  # and whatever conftest or plugins started
    if code is None:
        raise ConfigError(f"collecting the tests in {command.app_dir} did not end within "
                          f"{timeout:g} s:\n{tail(work_dir / 'logs' / 'collect.log', 15)}")
    if code not in _RAN or not out.exists():
        raise ConfigError(
            f"collecting the tests in {command.app_dir} failed (pytest exit code {code}):\n"
            f"{tail(work_dir / 'logs' / 'collect.log', 15)}"
        )
    return read_collection(work_dir)


def read_collection(work_dir: Path) -> Collection:
    """The collection a finished collection pass left in ``work_dir``."""
    data = json.loads((work_dir / COLLECTION_FILE).read_text(encoding="utf-8"))
    tests = data["tests"]
    reported = read_results(work_dir / COLLECTION_RESULTS)
    return Collection(
        nodeids=[t["nodeid"] for t in tests],
        markers={t["nodeid"]: t["markers"] for t in tests},
        rootdir=Path(data["rootdir"]),
        errors=[r for r in reported if r.outcome is not Outcome.SKIPPED],
        imported_elsewhere=dict(data.get("imported_elsewhere", {})),
        skipped=[r for r in reported if r.outcome is Outcome.SKIPPED],
    )


def _start_collection(command: TestCommand, work_dir: Path) -> Spawned:
    work_dir.mkdir(parents=True, exist_ok=True)
    argv = command.argv("--collect-only", f"--qatron-collect={work_dir / COLLECTION_FILE}",
                        f"--qatron-results={work_dir / COLLECTION_RESULTS}", *command.paths)
    return spawn(argv, cwd=command.app_dir, env=command.environ(),
                 log_path=work_dir / "logs" / "collect.log", project=command.project)


@dataclass
class ShardSpec:
    """One shard's work. ``deadline`` is a ``time.monotonic()`` value."""

    index: int
    count: int
    nodeids: list[str]
    run_dir: Path
    command: TestCommand
    rootdir: Path
    deadline: float
    retries: int = 0
    cancel: threading.Event | None = None
    #: Which failures get the ``retries`` (the suite's ``retry_on``; default: every failure).
    retry: RetryPolicy = RetryPolicy()
    #: Queue mode: ``nodeids`` is the whole queue; the process runs what it claims from this
    #: queue file (see qatron.queue), and the shard is then the tests it claimed.
    queue: Path | None = None
    #: Queue mode with no collection to plan from (``nodeids`` empty): the process collects
    #: the command's paths itself, and the first shard to finish collecting writes the
    #: collection in ``run_dir`` (as ``collect_tests`` would) and the queue.
    collect: bool = False


def execute_shard(spec: ShardSpec) -> ShardResult:
    """Run the shard's tests, then rerun its failures; never raises for test failures."""
    shard = ShardResult(index=spec.index, count=spec.count, status=ShardStatus.RUNNING,
                        nodeids=list(spec.nodeids), started_at=time.time())
    base = spec.run_dir / "shards" / f"shard-{spec.index}"
    shard.junit_path, shard.log_path = f"{base}.xml", f"{spec.run_dir}/logs/shard-{spec.index}.log"
    status, code, by_id = _attempt(spec, spec.nodeids, base, Path(shard.log_path),
                                   queue=spec.queue)
    if spec.queue is not None:
        spec = replace(spec, nodeids=claimed(spec.queue, spec.index))
        shard.nodeids = list(spec.nodeids)
    if spec.collect and (spec.run_dir / COLLECTION_FILE).exists():
        spec = replace(spec, rootdir=read_collection(spec.run_dir).rootdir)
    for attempt in range(2, spec.retries + 2):
        crashed = status is ShardStatus.INFRA_FAILED and spec.retry.reruns_lost
        lost = [n for n in spec.nodeids if n not in by_id] if crashed else []
        failed = [n for n in spec.nodeids if n in by_id and spec.retry.wants(by_id[n])]
        if (status is not ShardStatus.PASSED and not crashed) or not failed + lost:
            break
        status, rerun_code, rerun = _attempt(spec, failed + lost,
                                             Path(f"{base}.retry-{attempt - 1}"),
                                             Path(shard.log_path))
        code = rerun_code if crashed else code
        _merge_rerun(by_id, rerun, attempt)
    shard.results = _complete(spec, by_id, status, code)
    shard.exit_code, shard.finished_at = code, time.time()
    shard.status = _final_status(status, shard.results)
    shard.message = _message(shard, code, Path(shard.log_path), Path(f"{base}.jsonl"))
    return shard


def _attempt(
    spec: ShardSpec, nodeids: list[str], base: Path, log: Path, queue: Path | None = None
) -> tuple[ShardStatus, int | None, dict[str, TestResult]]:
    """One pytest process over ``nodeids`` (with ``queue``: those it claims from it):
    (status, exit code, results by planned node id)."""
    base.parent.mkdir(parents=True, exist_ok=True)
    ids_file, results_file = Path(f"{base}.nodeids"), Path(f"{base}.jsonl")
    ids_file.write_text("\n".join(nodeids) + "\n", encoding="utf-8")
    argv = spec.command.argv(f"--qatron-results={results_file}", f"--junitxml={base}.xml",
                             *_selected(spec, ids_file, nodeids, queue), coverage_name=base.name)
    env = {**spec.command.environ(), "QATRON_SHARD": f"{spec.index}/{spec.count}",
           "QATRON_EVIDENCE_DIR": str(spec.run_dir / "evidence" / f"shard-{spec.index}")}
    process = spawn(argv, cwd=spec.command.app_dir, env=env, log_path=log,
                    project=spec.command.project)
    try:
        status = _wait(process, spec)
    finally:
        stop_group(process)  # what the tests started must not outlive them
    results = planned_results(results_file, shard_index=spec.index)
    if status is ShardStatus.PASSED and not _session_finished(results_file):
        status = ShardStatus.INFRA_FAILED  # it died without a signal: os._exit, exit()
    if status is ShardStatus.INFRA_FAILED:
        _blame(results, results_file, process.returncode, spec.index)
    return status, process.returncode, results


def _selected(spec: ShardSpec, ids_file: Path, nodeids: list[str],
              queue: Path | None) -> list[str]:
    """pytest's arguments choosing what the process runs: the listed node ids and their
    files, or (collecting for itself) the command's paths, pulling from ``queue``."""
    collection = spec.run_dir / COLLECTION_FILE
    if queue is not None and spec.collect:
        return [f"--qatron-queue={queue}", f"--qatron-collect={collection}",
                f"--qatron-collect-reports={spec.run_dir / COLLECTION_RESULTS}",
                *spec.command.paths]
    pulled = [f"--qatron-queue={queue}"] if queue is not None else []
    if collection.exists():
        pulled.append(f"--qatron-collected={collection}")
    files = list(dict.fromkeys(str(spec.rootdir / n.split("::")[0]) for n in nodeids))
    return [f"--qatron-nodeids={ids_file}", *pulled, *files]


def _wait(process: Spawned, spec: ShardSpec) -> ShardStatus:
    stopped = wait_for_shard(process, spec)
    if stopped is not None:
        return stopped
    return ShardStatus.PASSED if process.returncode in _RAN else ShardStatus.INFRA_FAILED


def wait_for_shard(process: Spawned, spec: ShardSpec) -> ShardStatus | None:
    """Wait until a shard's process ends (None), the run is cancelled (CANCELLED) or the
    shard's deadline passes (TIMED_OUT); the caller stops the process then."""
    while process.poll() is None:
        if spec.cancel is not None and spec.cancel.is_set():
            return ShardStatus.CANCELLED
        if time.monotonic() >= spec.deadline:
            return ShardStatus.TIMED_OUT
        time.sleep(_POLL)
    return None


def _events(path: Path) -> list[dict[str, Any]]:
    """The plugin's JSON lines; a torn last line (killed process) is left out."""
    if not path.exists():
        return []
    events: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            events.append(record)
    return events


_DIED_IN_TEST = "the test process died while running this test"


def _session_finished(path: Path) -> bool:
    return any(event.get("event") == "finished" for event in _events(path))


def _collected(path: Path) -> bool:
    return any(event.get("event") == "collected" for event in _events(path))


def _blame(results: dict[str, TestResult], path: Path, code: int | None,
           shard_index: int) -> None:
    """Add an error for the test the process died in (started, never finished)."""
    events = _events(path)
    planned = _stand_ins(events)
    done = {r.nodeid for r in results.values()}
    started = [str(e["nodeid"]) for e in events if e.get("event") == "started"]
    for nodeid in dict.fromkeys(n for n in started if n not in done):
        results[planned.get(nodeid, nodeid)] = TestResult(
            nodeid=nodeid, outcome=Outcome.ERROR, shard_index=shard_index,
            message=f"{_DIED_IN_TEST} ({_how(code)})", unstable_id=nodeid in planned)


def _how(code: int | None) -> str:
    return f"killed by signal {-code}" if code is not None and code < 0 else \
        f"exit code {code}"


def read_results(path: Path, shard_index: int = 0) -> list[TestResult]:
    """Read the plugin's JSON lines; a torn last line (killed process) is ignored."""
    return _read(_events(path), shard_index)


def planned_results(path: Path, shard_index: int = 0) -> dict[str, TestResult]:
    """The plugin's results by the planned node id each answers: a test run under a new
    id (see :mod:`qatron.unstable_ids`) under the id it was planned as."""
    events = _events(path)
    planned = _stand_ins(events)
    return {planned.get(r.nodeid, r.nodeid): r for r in _read(events, shard_index)}


def _read(events: list[dict[str, Any]], shard_index: int) -> list[TestResult]:
    planned = _stand_ins(events)
    return [
        TestResult(
            nodeid=record["nodeid"], outcome=Outcome(record["outcome"]),
            duration=record["duration"], message=record["message"],
            traceback=record["traceback"], output_tail=record["output_tail"],
            shard_index=shard_index, started_at=record["started_at"],
            finished_at=record["finished_at"], markers=record["markers"],
            unstable_id=record["nodeid"] in planned,
            attachments=list(record.get("attachments", [])),
            scenario=record.get("scenario"),
        )
        for record in events if record.get("event") == "result"
    ]


def unstable_elsewhere(run_dir: Path, shards: list[ShardResult]) -> list[ShardResult]:
    """Shards that collected the tests for themselves: a test run under the id the queue
    lists is marked ``unstable_id`` too when another shard's process collected it under
    another id. The shards whose results changed."""
    unstable: set[str] = set()
    for stream in (run_dir / "shards").glob("shard-*.jsonl"):
        unstable.update(_stand_ins(_events(stream)).values())
    changed = []
    for shard in shards:
        found = [r for r in shard.results if r.nodeid in unstable and not r.unstable_id]
        for result in found:
            result.unstable_id = True
        if found:
            changed.append(shard)
    return changed


def _stand_ins(events: list[dict[str, Any]]) -> dict[str, str]:
    """The tests the process ran under a new id: {new id: planned id}."""
    found: dict[str, str] = {}
    for event in events:
        if event.get("event") == "collected" and isinstance(event.get("stand_ins"), dict):
            found.update(event["stand_ins"])
    return found


def _merge_rerun(by_id: dict[str, TestResult], rerun: dict[str, TestResult],
                 attempt: int) -> None:
    for planned, result in rerun.items():
        first = by_id.get(planned)
        if first is not None and first.message.startswith(_DIED_IN_TEST):
            first = None  # its process died: a lost result, not the test's own failure
        result.attempts = attempt
        if first is not None and not result.outcome.is_failure:
            result.flaky = True
            result.message = f"passed on attempt {attempt}; attempt 1: {first.message}"
            result.traceback = first.traceback
        elif first is None:  # lost when its test process died: not the test's own failure
            result.message = (result.message or
                              f"run again on attempt {attempt}: the test process died first")
        by_id[planned] = result


_NOT_COLLECTED = ("the shard's test process did not collect this test: renamed or removed "
                  "since the collection, or its id changes in every process (give parameters "
                  "from the clock or a random value a fixed id: pytest.param(..., id=...))")


def _complete(
    spec: ShardSpec, by_id: dict[str, TestResult], status: ShardStatus, code: int | None
) -> list[TestResult]:
    """Every planned test gets a result: the ones the process never finished are errors."""
    reason = {
        ShardStatus.TIMED_OUT: "the suite timed out before this test finished",
        ShardStatus.CANCELLED: "the run was cancelled before this test finished",
        ShardStatus.PASSED: _NOT_COLLECTED,
    }.get(status, f"the shard's test process ended (exit code {code}) before this test finished")
    extra = [r for nodeid, r in by_id.items() if nodeid not in set(spec.nodeids)]
    planned = [
        by_id.get(nodeid) or TestResult(nodeid=nodeid, outcome=Outcome.ERROR, message=reason,
                                        shard_index=spec.index)
        for nodeid in spec.nodeids
    ]
    return planned + extra


def _final_status(status: ShardStatus, results: list[TestResult]) -> ShardStatus:
    if status is not ShardStatus.PASSED:
        return status
    return ShardStatus.FAILED if any(r.outcome.is_failure for r in results) else status


def _message(shard: ShardResult, code: int | None, log: Path, results: Path) -> str:
    if shard.status is ShardStatus.INFRA_FAILED:
        how = f"was killed by signal {-code}" if code is not None and code < 0 else \
            f"exited with code {code}"
        if not _collected(results):
            how += " while collecting the tests"
        elif code in _RAN:
            how += " before its session ended"
        return f"test process {how}:\n{tail(log, 15)}"
    if shard.status is ShardStatus.TIMED_OUT:
        return "stopped: the suite's timeout was reached"
    if shard.status is ShardStatus.CANCELLED:
        return "stopped: the run was cancelled"
    counts = shard.counts()
    return f"{counts['passed']} passed, {counts['failed'] + counts['error']} failed"
