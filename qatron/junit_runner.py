"""Suites whose runner is any command that writes JUnit XML (Jest, ``node --test`` …).

    >>> collection = discover_tests(command)          # the files ``discover`` matches
    >>> result = execute_junit_shard(ShardSpec(1, 2, files, run_dir, command, ...))

The application's ``command`` is a shell template; a shard runs it once in the
application folder with ``{files}`` replaced by its test files (each shell-quoted) and
``{shard}`` by its index, then reads the JUnit XML file ``junit`` (relative to the
application folder, ``{shard}`` replaced too) with :func:`qatron.junit.read_junit`.
The unit of collection, planning and reruns is the test file: a shard's failed files
(those of its failed tests) are run again up to ``retries`` times, and a test that then
passes is flaky. A command that writes no JUnit file, or one that is not JUnit XML,
makes the shard ``infra_failed`` with a message saying so; the results of its earlier
attempts are kept.
"""

from __future__ import annotations

import shlex
import shutil
import time
from pathlib import Path

from qatron.config import Application
from qatron.errors import ConfigError
from qatron.junit import read_junit
from qatron.models import Outcome, ShardResult, ShardStatus, TestResult
from qatron.processes import spawn, stop_group, tail
from qatron.pytest_runner import Collection, ShardSpec, TestCommand, wait_for_shard

__all__ = ["discover_tests", "execute_junit_shard", "junit_app"]

#: Folders never searched for test files.
_SKIPPED_DIRS = frozenset({"node_modules", ".git", ".qatron"})


def junit_app(command: TestCommand) -> Application:
    """The application of a command that writes JUnit XML; ValueError for pytest."""
    if command.junit_app is None:
        raise ValueError(f"the tests in {command.app_dir} run under pytest, not a JUnit runner")
    return command.junit_app


def discover_tests(command: TestCommand) -> Collection:
    """The test files ``discover`` matches (inside the suite's ``paths``, if any), relative
    to the application folder: the suite's node ids."""
    app_dir = command.app_dir
    found: set[str] = set()
    for pattern in junit_app(command).discover:
        for path in app_dir.glob(pattern):
            relative = path.relative_to(app_dir)
            if path.is_file() and not _SKIPPED_DIRS.intersection(relative.parts[:-1]):
                found.add(relative.as_posix())
    files = sorted(f for f in found if _within(f, command.paths))
    return Collection(nodeids=files, markers={f: [] for f in files}, rootdir=app_dir, errors=[])


def _within(file: str, paths: list[str]) -> bool:
    folders = [p.strip("/").removeprefix("./") for p in paths]
    return not folders or any(f in (".", "", file) or file.startswith(f"{f}/") for f in folders)


def execute_junit_shard(spec: ShardSpec) -> ShardResult:
    """Run the shard's files once, then its failed files again; never raises for failures."""
    shard = ShardResult(index=spec.index, count=spec.count, status=ShardStatus.RUNNING,
                        nodeids=list(spec.nodeids), started_at=time.time())
    base = spec.run_dir / "shards" / f"shard-{spec.index}"
    shard.junit_path, shard.log_path = f"{base}.xml", f"{spec.run_dir}/logs/shard-{spec.index}.log"
    status, code, results, problem = _attempt(spec, spec.nodeids, Path(shard.junit_path))
    by_id = {r.nodeid: r for r in results}
    for attempt in range(2, spec.retries + 2):
        failed = [r for r in by_id.values() if spec.retry.wants(r)]
        if status is not ShardStatus.PASSED or not failed:
            break
        files = _files_of(failed, spec)
        status, code, rerun, problem = _attempt(spec, files,
                                                Path(f"{base}.retry-{attempt - 1}.xml"))
        if status is ShardStatus.PASSED:  # else the first results stay, with the problem
            _merge_rerun(by_id, rerun, attempt)
    shard.results = list(by_id.values())
    shard.exit_code, shard.finished_at = code, time.time()
    shard.status = status
    if status is ShardStatus.PASSED and any(r.outcome.is_failure for r in shard.results):
        shard.status = ShardStatus.FAILED
    shard.message = problem or _counts(shard)
    return shard


def _attempt(spec: ShardSpec, files: list[str], copy_to: Path
             ) -> tuple[ShardStatus, int | None, list[TestResult], str]:
    """One run of the command over ``files``: (status, exit code, results, problem)."""
    app = junit_app(spec.command)
    report = spec.command.app_dir / (app.junit or "").replace("{shard}", str(spec.index))
    report.unlink(missing_ok=True)  # a file left by an earlier run is not this run's
    quoted = " ".join(shlex.quote(f) for f in files)
    line = app.command.replace("{shard}", str(spec.index)).replace("{files}", quoted)
    log = spec.run_dir / "logs" / f"shard-{spec.index}.log"
    env = {**spec.command.environ(), "QATRON_SHARD": f"{spec.index}/{spec.count}"}
    process = spawn(line, cwd=spec.command.app_dir, env=env, log_path=log, shell=True,
                    project=spec.command.project)
    try:
        status = wait_for_shard(process, spec) or ShardStatus.PASSED
    finally:
        stop_group(process)  # what the tests started must not outlive them
    code = process.returncode
    if status is not ShardStatus.PASSED:
        reason = ("the suite timed out before this file finished"
                  if status is ShardStatus.TIMED_OUT else "the run was cancelled")
        return status, code, _errors(files, reason, spec.index), reason
    try:
        results = read_junit(report, shard_index=spec.index)
    except ConfigError as exc:
        problem = _no_report(report, exc, code, log)
        return ShardStatus.INFRA_FAILED, code, _errors(files, problem, spec.index), problem
    copy_to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(report, copy_to)
    return ShardStatus.PASSED, code, results, ""


def _no_report(report: Path, exc: ConfigError, code: int | None, log: Path) -> str:
    what = "wrote a file that is not JUnit XML" if report.exists() else "wrote no JUnit XML file"
    return (f"the test command {what} at {report} (exit code {code}): {exc}; check the "
            f"application's junit: path and the command's reporter options. Its output:\n"
            f"{tail(log, 15)}")


def _errors(files: list[str], message: str, shard_index: int) -> list[TestResult]:
    """One error per file whose tests got no result."""
    return [TestResult(nodeid=f, outcome=Outcome.ERROR, message=message, shard_index=shard_index)
            for f in files]


def _files_of(failed: list[TestResult], spec: ShardSpec) -> list[str]:
    """The shard's files the failed results belong to: by node id, else the file a
    traceback names; every file of the shard when one cannot be told."""
    files: set[str] = set()
    for result in failed:
        file = _file_of(result, spec)
        if file is None:
            return list(spec.nodeids)
        files.add(file)
    return [f for f in spec.nodeids if f in files]


def _file_of(result: TestResult, spec: ShardSpec) -> str | None:
    head = result.nodeid.split("::", 1)[0]
    if head in spec.nodeids:
        return head
    text = "\n".join((result.traceback, result.message, result.output_tail))
    absolute = [f for f in spec.nodeids if str(spec.command.app_dir / f) in text]
    named = absolute or [f for f in spec.nodeids if f in text]
    return named[0] if named else None


def _merge_rerun(by_id: dict[str, TestResult], rerun: list[TestResult], attempt: int) -> None:
    for result in rerun:
        first = by_id.get(result.nodeid)
        result.attempts = attempt
        if first is not None and first.outcome.is_failure and not result.outcome.is_failure:
            result.flaky = True
            result.message = f"passed on attempt {attempt}; attempt 1: {first.message}"
            result.traceback = first.traceback
        if first is None or first.outcome.is_failure:
            by_id[result.nodeid] = result


def _counts(shard: ShardResult) -> str:
    counts = shard.counts()
    return f"{counts['passed']} passed, {counts['failed'] + counts['error']} failed"
