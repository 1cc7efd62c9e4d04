"""``quality_gates:`` in qatron.yml: limits a run's results must keep, checked against the
history in the results store (see :mod:`qatron.gates`).

At the project's top level they apply to every suite; a suite's own ``quality_gates:``
overrides them key by key (``null`` turns a project gate off for that suite)::

    quality_gates:
      min_pass_rate: 0.95        # passed / (passed + failed + errors), 0..1
      max_new_failures: 0        # failing now, not failing (or absent) in the previous run
      max_flaky: 3               # results that failed, then passed on a rerun
      max_coverage_drop: 2.0     # percentage points below the last run on the same branch
    suites:
      nightly:
        quality_gates: {max_flaky: 10, max_coverage_drop: null}
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["GATE_NAMES", "QualityGates", "effective_gates"]

#: Every gate, in the order they are checked and reported.
GATE_NAMES = ("min_pass_rate", "max_new_failures", "max_flaky", "max_coverage_drop")


class QualityGates(BaseModel):
    """Limits on a run's results; a gate left out (None) is not checked."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    min_pass_rate: float | None = Field(default=None, ge=0, le=1)
    max_new_failures: int | None = Field(default=None, ge=0)
    max_flaky: int | None = Field(default=None, ge=0)
    max_coverage_drop: float | None = Field(default=None, ge=0, le=100)

    @property
    def active(self) -> bool:
        return any(getattr(self, name) is not None for name in GATE_NAMES)


def effective_gates(project: QualityGates | None, suite: QualityGates | None) -> QualityGates:
    """The project's gates with the suite's keys (those it sets, null included) on top."""
    merged = project.model_dump() if project else {}
    if suite is not None:
        merged |= suite.model_dump(include=suite.model_fields_set)
    return QualityGates(**merged)
