"""What a journey's steps did: each step's status, why, when, and the values that flowed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from qatron.models import Outcome, ShardResult, ShardStatus, TestResult

#: The node id of a step's test result: ``journey:<journey>::<step>``.
NODEID_PREFIX = "journey:"


class StepStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    #: The step's application was down: it did not run.
    DOWN = "down"
    #: A step it depends on failed, was down or was skipped: it did not run.
    SKIPPED = "skipped"
    CANCELLED = "cancelled"

    @property
    def outcome(self) -> Outcome:
        return {StepStatus.PASSED: Outcome.PASSED, StepStatus.FAILED: Outcome.FAILED,
                StepStatus.DOWN: Outcome.ERROR, StepStatus.SKIPPED: Outcome.SKIPPED,
                StepStatus.CANCELLED: Outcome.ERROR}[self]


@dataclass
class StepResult:
    """One step of a journey, as it ended.

    ``outputs`` and ``inputs`` are as stored and reported: secrets masked. The values
    themselves only travel between steps in memory (:class:`qatron.journeys.data.Values`).
    """

    journey: str
    step: str
    app: str
    test: str
    status: StepStatus
    reason: str = ""
    needs: list[str] = field(default_factory=list)
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)
    attempts: int = 0
    started_at: float | None = None
    finished_at: float | None = None
    traceback: str = ""
    output_tail: str = ""

    @property
    def nodeid(self) -> str:
        return f"{NODEID_PREFIX}{self.journey}::{self.step}"

    @property
    def duration(self) -> float:
        if self.started_at is None or self.finished_at is None:
            return 0.0
        return self.finished_at - self.started_at

    def test_result(self, shard_index: int) -> TestResult:
        """The step as a test result of the run (counted, reported, analysed)."""
        return TestResult(
            nodeid=self.nodeid, outcome=self.status.outcome, duration=self.duration,
            attempts=max(self.attempts, 1 if self.status is StepStatus.PASSED else 0) or 1,
            message=self.reason, traceback=self.traceback, output_tail=self.output_tail,
            shard_index=shard_index, started_at=self.started_at,
            finished_at=self.finished_at, markers=["journey"],
            flaky=self.status is StepStatus.PASSED and self.attempts > 1)


@dataclass
class JourneyResult:
    """A journey's steps in the order they were planned."""

    name: str
    steps: list[StepResult] = field(default_factory=list)

    @property
    def down(self) -> list[StepResult]:
        return [s for s in self.steps if s.status is StepStatus.DOWN]

    @property
    def passed(self) -> bool:
        return all(s.status is StepStatus.PASSED for s in self.steps)

    def shard(self, index: int) -> ShardResult:
        """The journey as a shard of its run: its steps are the shard's results.

        A journey with an application down is ``infra_failed`` (the environment could
        not give it what it needs); one with a failed or skipped step ``failed``.
        """
        results = [step.test_result(index) for step in self.steps]
        started = [s.started_at for s in self.steps if s.started_at is not None]
        finished = [s.finished_at for s in self.steps if s.finished_at is not None]
        if any(s.status is StepStatus.CANCELLED for s in self.steps):
            status = ShardStatus.CANCELLED
        elif self.down:
            status = ShardStatus.INFRA_FAILED
        else:
            status = ShardStatus.PASSED if self.passed else ShardStatus.FAILED
        return ShardResult(
            index=index, count=index, status=status, nodeids=[r.nodeid for r in results],
            results=results, started_at=min(started, default=None),
            finished_at=max(finished, default=None), message=self.message())

    def message(self) -> str:
        counts: dict[str, int] = {}
        for step in self.steps:
            counts[step.status.value] = counts.get(step.status.value, 0) + 1
        text = ", ".join(f"{n} {status}" for status, n in counts.items())
        first = next((s for s in self.steps if s.status is not StepStatus.PASSED), None)
        why = f"; {first.step}: {first.reason}" if first is not None and first.reason else ""
        return f"journey {self.name}: {text}{why}"
