"""The time one module's generation may take: a deadline set when it starts, that every
stage plans from.

    budget = Budget(45.0)                     # generate_tests(..., budget=45.0)
    explore until budget.share(0.55)          # inputs; each case run 3 times as it is found
    kill mutants until budget.share(0.75)     # three quarters of what is left then
    properties until budget.end               # the rest, less what writing the file takes

A stage works in small steps and, before each, asks a ``Pace`` (the seconds per call it
measured so far) whether the step still fits before the stage's end; when it does not, the
stage stops and keeps what it has. So nothing is cut half-done: a case is kept only once it
passed its three runs, a mutant counts only once a case was run against it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

__all__ = ["Budget", "Pace"]

#: Kept for writing the file after the last stage (rendering and checking it parses).
_WRITING = 0.03
_MAX_WRITING = 1.0


@dataclass
class Budget:
    """``seconds`` from ``started`` (``time.monotonic()``); ``cut`` lists what it cut short."""

    seconds: float
    started: float = field(default_factory=time.monotonic)
    cut: list[str] = field(default_factory=list)

    @property
    def end(self) -> float:
        """When the last stage must stop: the deadline less the time kept for writing."""
        return self.started + self.seconds - min(self.seconds * _WRITING, _MAX_WRITING)

    def left(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def share(self, fraction: float) -> float:
        """When a stage given ``fraction`` of the time left now must end."""
        now = time.monotonic()
        return now + max(0.0, self.end - now) * fraction

    def note(self, text: str) -> None:
        """Record that the budget cut a stage short (shown in the report's summary)."""
        if text not in self.cut:
            self.cut.append(text)


@dataclass
class Pace:
    """The seconds per call measured over the steps so far."""

    calls: int = 0
    seconds: float = 0.0

    def record(self, calls: int, seconds: float) -> None:
        self.calls += calls
        self.seconds += seconds

    @property
    def per_call(self) -> float:
        return self.seconds / self.calls if self.calls else 0.0

    def step(self, first: int, seconds: float, most: int) -> int:
        """How many calls to make next: ``first`` before any was measured, then as many as
        take about ``seconds`` (one at least, ``most`` at most)."""
        if not self.calls:
            return first
        return max(1, min(most, int(seconds / self.per_call) if self.per_call else most))

    def fits(self, calls: int, until: float) -> bool:
        """Whether ``calls`` more, at the pace so far, end before ``until``."""
        now = time.monotonic()
        return now < until and now + calls * self.per_call <= until
