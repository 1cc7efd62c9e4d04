"""Run one step of a journey: its test, with its inputs, in its own test process.

    >>> attempt = run_step(StepRequest(project, "checkout", step, run_dir, env, inputs,
    ...                                needed, secrets))
    >>> attempt.passed, attempt.outputs

The step's test runs like a shard of one test (:mod:`qatron.pytest_runner`, or the
application's JUnit-writing command), in ``<run folder>/journeys/<journey>/<step>/``;
a ``suite:`` step runs the whole suite there. Its inputs and outputs go through a
private folder (see :mod:`qatron.journeys.data`). A step passes when its tests passed
and it published every output a later step reads, of the type declared; its failure
message, traceback and files have the run's secrets masked.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qatron.config import Project
from qatron.errors import QatronError
from qatron.journeys.config import JourneyStep
from qatron.journeys.data import Secrets, input_environ, read_outputs, type_problem
from qatron.journeys.plan import Binding
from qatron.junit_runner import discover_tests, execute_junit_shard
from qatron.models import Outcome, ShardResult, TestResult
from qatron.pytest_runner import ShardSpec, TestCommand, collect_tests, execute_shard


@dataclass
class StepRequest:
    """What one attempt of a step needs."""

    project: Project
    journey: str
    step: JourneyStep
    run_dir: Path
    #: The run's variables for test processes (the environment file, the run id…).
    env: dict[str, str]
    inputs: dict[str, Any]
    #: The data_flow entries that read this step's outputs.
    needed: list[Binding]
    secrets: Secrets
    cancel: threading.Event | None = None
    attempt: int = 1

    @property
    def folder(self) -> Path:
        return self.run_dir / "journeys" / self.journey / self.step.id


@dataclass
class StepAttempt:
    """How one attempt of a step ended; text fields have the secrets masked."""

    passed: bool
    reason: str = ""
    outputs: dict[str, Any] = field(default_factory=dict)
    secret: list[str] = field(default_factory=list)
    traceback: str = ""
    output_tail: str = ""
    started_at: float = 0.0
    finished_at: float = 0.0
    #: The test process did not finish because the run was cancelled.
    cancelled: bool = False


def run_step(request: StepRequest) -> StepAttempt:
    """Run the step's test once and read what it published."""
    started = time.time()
    private = Path(tempfile.mkdtemp(prefix="qatron-journey-"))
    try:
        outputs_file = private / "outputs.json"
        inputs_file = private / "inputs.json"
        inputs_file.write_text(json.dumps(request.inputs), encoding="utf-8")
        env = {**request.env, **input_environ(request.inputs),
               "QATRON_JOURNEY": request.journey, "QATRON_JOURNEY_STEP": request.step.id,
               "QATRON_JOURNEY_INPUTS": str(inputs_file),
               "QATRON_JOURNEY_OUTPUTS": str(outputs_file)}
        shard = _run_tests(request, env)
        outputs, secret, problem = read_outputs(outputs_file)
    finally:
        shutil.rmtree(private, ignore_errors=True)
    secret = sorted({*secret, *(k for k, spec in request.step.outputs.items() if spec.secret)})
    for name in secret:
        if name in outputs:
            request.secrets.add(outputs[name])
    attempt = _judge(request, shard, outputs, problem)
    attempt.outputs, attempt.secret = outputs, secret
    attempt.started_at, attempt.finished_at = started, time.time()
    attempt.reason = request.secrets.mask(attempt.reason)
    attempt.traceback = request.secrets.mask(attempt.traceback)
    attempt.output_tail = request.secrets.mask(attempt.output_tail)
    request.secrets.scrub(request.folder)
    return attempt


def _run_tests(request: StepRequest, env: dict[str, str]) -> ShardResult:
    step, project = request.step, request.project
    folder = request.folder
    if step.suite is not None:
        command = TestCommand.for_suite(project, project.suite(step.suite), env)
        if command.junit_app is not None:
            collection = discover_tests(command)
        else:
            collection = collect_tests(command, folder / f"collect-{request.attempt}",
                                       cancel=request.cancel)
        nodeids, rootdir = collection.nodeids, Path(collection.rootdir)
    else:
        assert step.test is not None
        command = TestCommand.for_application(project, step.app, env)
        nodeids, rootdir = [step.test], command.app_dir
    spec = ShardSpec(index=request.attempt, count=1, nodeids=nodeids, run_dir=folder,
                     command=command, rootdir=rootdir,
                     deadline=time.monotonic() + step.timeout, cancel=request.cancel)
    if command.junit_app is None:
        return execute_shard(spec)
    try:
        return execute_junit_shard(spec)
    finally:  # copied into the step's folder, where secrets are masked; not left behind
        report = (command.junit_app.junit or "").replace("{shard}", str(request.attempt))
        if report:
            (command.app_dir / report).unlink(missing_ok=True)


def _judge(request: StepRequest, shard: ShardResult, outputs: dict[str, Any],
           problem: str | None) -> StepAttempt:
    failures = [r for r in shard.results if r.outcome.is_failure]
    ran = [r for r in shard.results if r.outcome in (Outcome.PASSED, Outcome.XFAILED,
                                                      Outcome.XPASSED)]
    cancelled = request.cancel is not None and request.cancel.is_set()
    if failures:
        first = failures[0]
        return StepAttempt(False, f"{_short(first)} failed: {_first_line(first.message)}",
                           traceback=first.traceback, output_tail=first.output_tail,
                           cancelled=cancelled)
    if not ran:
        why = _first_line(shard.results[0].message) if shard.results else shard.message
        return StepAttempt(False, f"no test ran ({why or 'nothing was collected'})",
                           cancelled=cancelled)
    if problem:
        return StepAttempt(False, f"the test passed but {problem}")
    for binding in request.needed:
        if binding.output not in outputs:
            return StepAttempt(False, f"the test passed but published no output "
                                      f"{binding.output!r}, which {binding.target} reads "
                                      f"(published: {', '.join(outputs) or 'nothing'})")
    for name, spec in request.step.outputs.items():
        mismatch = name in outputs and type_problem(name, outputs[name], spec.type)
        if mismatch:
            return StepAttempt(False, f"the test passed but published {mismatch}")
    return StepAttempt(True)


def _short(result: TestResult) -> str:
    return result.nodeid.rsplit("::", 1)[-1]


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    line = lines[0] if lines else "no message"
    return line[:297] + "..." if len(line) > 300 else line


class StepFailed(QatronError):
    """An attempt of a journey step failed (its message has the secrets masked)."""
