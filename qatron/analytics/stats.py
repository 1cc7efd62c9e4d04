"""The statistics analytics rely on: a least-squares trend and a robust outlier score.

Both are pure functions of plain lists, written without numpy or scipy.

**Trend.** An ordinary least-squares line ``y = intercept + slope * x`` through the
series, ``x`` the run's position (0 for the oldest). ``r_squared`` is the share of the
variance the line explains; ``t`` is the slope over its standard error. The trend is
*significant* when there are at least :data:`MIN_TREND_POINTS` points, ``|t| >=``
:data:`T_SIGNIFICANT` (about p < 0.05 two-sided from 10 points on) and the line moves by
at least :data:`MIN_RELATIVE_CHANGE` of the series' mean across the window; otherwise it
is ``stable``. ``prediction`` is the line at the next run.

**Robust z.** ``0.6745 * (x - median) / MAD`` over a baseline (the median absolute
deviation scaled so that it estimates the standard deviation of normal data); a MAD of 0
(a perfectly steady baseline) is replaced by 1 % of the median's size, so a steady series
still flags a real jump but not noise in the last digit.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MIN_RELATIVE_CHANGE", "MIN_TREND_POINTS", "T_SIGNIFICANT", "Line", "fit_line",
           "robust_z"]

MIN_TREND_POINTS = 4
T_SIGNIFICANT = 2.1
MIN_RELATIVE_CHANGE = 0.02
#: A robust z beyond this is an anomaly (Iglewicz and Hoaglin's cut-off).
Z_ANOMALY = 3.5
_MAD_SCALE = 0.6745


@dataclass(frozen=True)
class Line:
    """A least-squares line through ``points`` values (see the module docstring)."""

    slope: float
    intercept: float
    r_squared: float
    t: float
    points: int

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x

    @property
    def significant(self) -> bool:
        if self.points < MIN_TREND_POINTS or abs(self.t) < T_SIGNIFICANT:
            return False
        mean = self.at((self.points - 1) / 2)
        change = abs(self.slope) * (self.points - 1)
        return change >= MIN_RELATIVE_CHANGE * max(abs(mean), 1e-9)


def fit_line(values: Sequence[float]) -> Line:
    """The least-squares line of ``values`` over their positions 0, 1, …"""
    n = len(values)
    if n == 0:
        return Line(0.0, 0.0, 0.0, 0.0, 0)
    mean_x = (n - 1) / 2
    mean_y = math.fsum(values) / n
    sxx = math.fsum((x - mean_x) ** 2 for x in range(n))
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    syy = math.fsum((y - mean_y) ** 2 for y in values)
    slope = sxy / sxx if sxx else 0.0
    intercept = mean_y - slope * mean_x
    residual = max(0.0, syy - slope * sxy)
    r_squared = 1.0 - residual / syy if syy else 0.0
    return Line(slope, intercept, max(0.0, min(1.0, r_squared)), _t(slope, residual, sxx, n),
                n)


def _t(slope: float, residual: float, sxx: float, n: int) -> float:
    """The slope's t statistic; infinite for a perfect non-flat line."""
    if n < 3 or not sxx or slope == 0:
        return 0.0
    variance = residual / (n - 2)
    if variance <= 1e-24 * max(1.0, slope * slope * sxx):
        return math.copysign(math.inf, slope)
    return slope / math.sqrt(variance / sxx)


def robust_z(value: float, baseline: Sequence[float]) -> float:
    """How far ``value`` is from ``baseline``'s median in robust standard deviations."""
    if not baseline:
        return 0.0
    median = statistics.median(baseline)
    mad = statistics.median(abs(x - median) for x in baseline)
    scale = mad if mad > 0 else 0.01 * abs(median)
    if scale <= 0:
        return 0.0 if value == median else math.copysign(math.inf, value - median)
    return _MAD_SCALE * (value - median) / scale
