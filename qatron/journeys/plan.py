"""The order of a journey's steps, and what flows into each.

    >>> plan = JourneyPlan.of(journey)
    >>> plan.needs["payment-service.test_create_payment"]
    {'user-service.test_login'}

A step waits for the steps whose outputs it reads (``data_flow``) and those it names in
``after``; steps that wait on nothing, or on steps already done, run at the same time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter

from qatron.journeys.config import Journey, output_path, split_reference


@dataclass(frozen=True)
class Binding:
    """One data_flow entry: an output (and keys inside it) of ``source`` → an input."""

    source: str
    path: tuple[str, ...]
    target: str
    input: str

    @property
    def output(self) -> str:
        return self.path[0]


@dataclass
class JourneyPlan:
    """The steps in order, what each waits for and what it reads."""

    order: list[str]
    needs: dict[str, set[str]] = field(default_factory=dict)
    bindings: list[Binding] = field(default_factory=list)

    @classmethod
    def of(cls, journey: Journey) -> JourneyPlan:
        ids = [step.id for step in journey.steps]
        needs = _needs(journey)
        bindings = []
        for source, target in journey.data_flow.items():
            produced = split_reference(source, ids)
            consumed = split_reference(target, ids)
            assert produced is not None and consumed is not None  # checked at load time
            bindings.append(Binding(produced[0], tuple(output_path(produced[1])),
                                    consumed[0], consumed[1]))
        return cls(order=_stable(needs, ids), needs=needs, bindings=bindings)

    def feeding(self, step_id: str) -> list[Binding]:
        """The data_flow entries whose input is ``step_id``'s."""
        return [b for b in self.bindings if b.target == step_id]

    def wanted_from(self, step_id: str) -> list[Binding]:
        """The data_flow entries that read an output of ``step_id``."""
        return [b for b in self.bindings if b.source == step_id]

    def ready(self, done: set[str], started: set[str]) -> list[str]:
        """Steps not started whose every dependency is done, in journey order."""
        return [s for s in self.order if s not in started and self.needs[s] <= done]

    def downstream(self, step_id: str) -> list[str]:
        """Every step that waits, directly or not, on ``step_id``."""
        found: list[str] = []
        frontier = [step_id]
        while frontier:
            current = frontier.pop()
            for other in self.order:
                if current in self.needs[other] and other not in found:
                    found.append(other)
                    frontier.append(other)
        return [s for s in self.order if s in found]


def _needs(journey: Journey) -> dict[str, set[str]]:
    ids = [step.id for step in journey.steps]
    needs: dict[str, set[str]] = {step.id: set(step.after) for step in journey.steps}
    for source, target in journey.data_flow.items():
        produced = split_reference(source, ids)
        consumed = split_reference(target, ids)
        if produced is not None and consumed is not None and produced[0] != consumed[0]:
            needs[consumed[0]].add(produced[0])
    return needs


def _stable(needs: dict[str, set[str]], ids: list[str]) -> list[str]:
    """A topological order that keeps the journey's own order where it is free to."""
    order: list[str] = []
    while len(order) < len(ids):
        order.append(next(s for s in ids if s not in order and needs[s] <= set(order)))
    return order


def cycle_of(journey: Journey) -> list[str]:
    """The steps of a cycle of data_flow and ``after``, first one repeated; [] if none."""
    try:
        TopologicalSorter(_needs(journey)).prepare()
    except CycleError as exc:
        return [str(node) for node in reversed(exc.args[1])]
    return []
