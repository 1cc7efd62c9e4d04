"""``analytics:`` in qatron.yml: the quality targets and the period analytics look at.

::

    analytics:
      window: 20                  # the newest N ended runs of each suite and environment
      warning_margin: 0.1         # within 10 % of a target is a warning, beyond it critical
      targets:
        pass_rate: 0.95           # higher is better
        flaky_rate: 0.02          # share of the tests that needed a rerun; lower is better
        suite_duration: 1800      # seconds of wall time; lower is better
        line_coverage: 80         # percent, per layer; higher is better
        branch_coverage: 70       # percent of branches taken, per layer; higher is better
        defect_density: 2.0       # distinct failing root causes per 1000 changed lines
        test_effectiveness: 0.8   # share of the root causes later fixed
        load_p95_ms: 1000

Every key is optional; a target left out keeps its default (:data:`DEFAULT_TARGETS`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["DEFAULT_TARGETS", "HIGHER_IS_BETTER", "Analytics"]

#: The target of each metric when qatron.yml names none.
DEFAULT_TARGETS: dict[str, float] = {
    "pass_rate": 0.95,
    "flaky_rate": 0.02,
    "suite_duration": 1800.0,
    "line_coverage": 80.0,
    "branch_coverage": 70.0,
    "defect_density": 2.0,
    "test_effectiveness": 0.8,
    "load_p95_ms": 1000.0,
}
#: Whether a higher value of the metric is better (the others: lower is better).
HIGHER_IS_BETTER: dict[str, bool] = {
    "pass_rate": True, "flaky_rate": False, "suite_duration": False, "line_coverage": True,
    "branch_coverage": True, "defect_density": False, "test_effectiveness": True,
    "load_p95_ms": False,
}


class Analytics(BaseModel):
    """The quality targets (merged over :data:`DEFAULT_TARGETS`), the window of runs
    and the margin within which a missed target is a warning rather than critical."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    targets: dict[str, float] = Field(default_factory=dict)
    window: int = Field(default=20, ge=2, le=10_000)
    warning_margin: float = Field(default=0.1, ge=0.0, le=1.0)

    @field_validator("targets")
    @classmethod
    def _known_targets(cls, targets: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(targets) - set(DEFAULT_TARGETS))
        if unknown:
            raise ValueError(f"targets of the metrics {', '.join(sorted(DEFAULT_TARGETS))}; "
                             f"got {', '.join(unknown)}")
        negative = sorted(name for name, value in targets.items() if value < 0)
        if negative:
            raise ValueError(f"targets of 0 or more; got {', '.join(negative)} below 0")
        return targets

    def target(self, metric: str) -> float:
        """The metric's target: qatron.yml's, else the default."""
        return self.targets.get(metric, DEFAULT_TARGETS[metric])
