"""One journey being run: which steps may start, what they get, what they did.

    >>> journey = JourneyRun(project, "checkout", run_dir, env_vars, health)
    >>> for step_id in journey.ready():              # steps whose dependencies passed
    ...     journey.attempt(step_id)                 # as many times as it is retried
    ...     journey.finish(step_id)
    >>> journey.result().steps

A step runs only when every step it depends on passed. A step whose application is
down (:mod:`qatron.journeys.health`) does not run; it and every step that depends on
a step that did not pass are reported with the reason, never as passed. The callers
(Prefect tasks in ``tasks/journeys.py``) decide what runs in parallel and retry
failed attempts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qatron.config import Project
from qatron.journeys.data import Secrets, assemble, masked
from qatron.journeys.models import JourneyResult, StepResult, StepStatus
from qatron.journeys.plan import JourneyPlan
from qatron.journeys.steps import StepAttempt, StepRequest, run_step

#: The reason an application cannot take a step now, or None when it is up.
Health = Callable[[str], "str | None"]


class JourneyRun:
    """The state of one journey in one run; safe to use from several threads."""

    def __init__(self, project: Project, name: str, run_dir: Path, env: dict[str, str],
                 health: Health | None = None, secrets: Secrets | None = None) -> None:
        self.project = project
        self.name = name
        self.journey = project.journey(name)
        self.plan = JourneyPlan.of(self.journey)
        self.run_dir = run_dir
        self.env = env
        self.health = health or (lambda app: None)
        self.secrets = secrets or Secrets()
        self._lock = threading.Lock()
        self._values: dict[str, dict[str, Any]] = {}
        self._last: dict[str, StepAttempt] = {}
        self._started: set[str] = set()
        self.steps: dict[str, StepResult] = {
            step.id: StepResult(journey=name, step=step.id, app=step.app,
                                test=step.test or f"suite {step.suite}",
                                status=StepStatus.SKIPPED, reason="not run",
                                needs=sorted(self.plan.needs[step.id]))
            for step in self.journey.steps
        }
        self._ended: set[str] = set()

    def ready(self) -> list[str]:
        """Steps not started whose dependencies all passed; marks them started."""
        with self._lock:
            passed = {s for s in self._ended if self.steps[s].status is StepStatus.PASSED}
            ready = self.plan.ready(passed, self._started | self._ended)
            self._started.update(ready)
            return ready

    @property
    def running(self) -> bool:
        return bool(self._started - self._ended)

    def down_reason(self, step_id: str) -> str | None:
        """Why the step's application cannot take it now, or None."""
        return self.health(self.journey.step(step_id).app)

    def attempt(self, step_id: str, cancel: threading.Event | None = None) -> StepAttempt:
        """Run the step's test once more; the attempt is kept as its latest."""
        step = self.journey.step(step_id)
        with self._lock:
            inputs = assemble(self.plan.feeding(step_id), self._values)
            result = self.steps[step_id]
            result.attempts += 1
            number = result.attempts
        request = StepRequest(project=self.project, journey=self.name, step=step,
                              run_dir=self.run_dir, env=self.env, inputs=inputs,
                              needed=self.plan.wanted_from(step_id), secrets=self.secrets,
                              cancel=cancel, attempt=number)
        attempt = run_step(request)
        with self._lock:
            if result.started_at is None:
                result.started_at = attempt.started_at
            result.inputs = self._masked_inputs(inputs)
            self._last[step_id] = attempt
        return attempt

    def down(self, step_id: str, reason: str) -> None:
        """The step's application is down: the step ends without running."""
        self._end(step_id, StepStatus.DOWN, self.secrets.mask(reason))

    def finish(self, step_id: str, cancelled: bool = False,
               error: str | None = None) -> StepResult:
        """End the step with its latest attempt (or ``error``, what stopped it from making
        one); skip what depends on it if it did not pass."""
        if step_id in self._ended:
            return self.steps[step_id]
        attempt = self._last.get(step_id)
        if attempt is None or error:
            if cancelled:
                return self._end(step_id, StepStatus.CANCELLED, "cancelled before it ran")
            return self._end(step_id, StepStatus.FAILED,
                             self.secrets.mask(error or "it did not run"))
        result = self.steps[step_id]
        with self._lock:
            if attempt.passed:
                self._values[step_id] = attempt.outputs
            result.outputs = masked(attempt.outputs, attempt.secret)
            result.secrets = list(attempt.secret)
            result.traceback, result.output_tail = attempt.traceback, attempt.output_tail
            result.finished_at = attempt.finished_at
        if attempt.passed:
            return self._end(step_id, StepStatus.PASSED, "")
        status = StepStatus.CANCELLED if attempt.cancelled or cancelled else StepStatus.FAILED
        return self._end(step_id, status, attempt.reason)

    def cancel_pending(self) -> None:
        """Steps that never started end cancelled (the run is stopping)."""
        for step_id in self.plan.order:
            if step_id not in self._started and step_id not in self._ended:
                self._end(step_id, StepStatus.CANCELLED, "the run was cancelled before it ran")

    def result(self) -> JourneyResult:
        """The journey's steps in planned order; the run folder scrubbed of its secrets."""
        self.secrets.scrub(self.run_dir / "journeys" / self.name)
        return JourneyResult(self.name, [self.steps[s] for s in self.plan.order])

    def _end(self, step_id: str, status: StepStatus, reason: str) -> StepResult:
        with self._lock:
            result = self.steps[step_id]
            result.status, result.reason = status, reason
            self._ended.add(step_id)
            self._started.add(step_id)
            if status is not StepStatus.PASSED:
                self._skip_after(step_id, status, reason)
            return result

    def _skip_after(self, step_id: str, status: StepStatus, reason: str) -> None:
        cause = f"{step_id} {_verb(status)}" + (f": {reason}" if reason else "")
        for other in self.plan.downstream(step_id):
            if other in self._ended:
                continue
            self.steps[other].status = StepStatus.SKIPPED
            self.steps[other].reason = f"skipped: {cause}"
            self._ended.add(other)
            self._started.add(other)

    def _masked_inputs(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return dict(_mask_values(inputs, self.secrets))


def _verb(status: StepStatus) -> str:
    return {StepStatus.FAILED: "failed", StepStatus.DOWN: "could not run",
            StepStatus.SKIPPED: "was skipped", StepStatus.CANCELLED: "was cancelled"}.get(
        status, status.value)


def _mask_values(value: Any, secrets: Secrets) -> Any:
    if isinstance(value, dict):
        return {k: _mask_values(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_values(v, secrets) for v in value]
    if isinstance(value, str):
        return secrets.mask(value)
    return value
