"""Anomalies of the newest run against the window's earlier runs.

Each rule compares the newest value with the earlier ones through the robust z of
:func:`qatron.analytics.stats.robust_z` (median and median absolute deviation, so one
odd run in the baseline does not hide the next) and needs at least
:data:`MIN_BASELINE` earlier values, ``|z| >`` :data:`~qatron.analytics.stats.Z_ANOMALY`
in the bad direction, and a change that matters in itself:

==================  ============================================================
suite_slower        the suite's wall time at least 20 % above both the median and
                    the run before (sudden: a step several runs old is a trend,
                    reported by the ``duration_growth`` insight)
pass_rate_drop      the pass rate at least 5 points below the median
test_duration_jump  a test at least twice both its median duration and its duration
                    in the run before, and 0.5 s longer than the median
==================  ============================================================
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from qatron.analytics.metrics import TestHistory, pass_rate
from qatron.analytics.models import Anomaly
from qatron.analytics.stats import Z_ANOMALY, robust_z
from qatron.store.history import ScopeHistory

__all__ = ["MIN_BASELINE", "find_anomalies"]

MIN_BASELINE = 5
SLOWER = 1.2
PASS_RATE_DROP = 0.05
TEST_JUMP = 2.0
TEST_JUMP_SECONDS = 0.5
MAX_TEST_ANOMALIES = 10


def find_anomalies(history: ScopeHistory, tests: dict[str, TestHistory]) -> list[Anomaly]:
    """The newest run's anomalies: the suite's, then its tests' (largest jump first)."""
    if len(history.runs) < MIN_BASELINE + 1:
        return []
    newest = history.runs[-1]
    found: list[Anomaly] = []
    walls = [run.wall_time for run in history.runs[:-1] if run.wall_time is not None]
    if newest.wall_time is not None and len(walls) >= MIN_BASELINE:
        slower = _slower(history.suite, newest.run_id, newest.wall_time, walls)
        slower = slower if newest.wall_time >= SLOWER * walls[-1] else None
        found += [slower] if slower is not None else []
    rates = [r for run in history.runs[:-1] if (r := pass_rate(run.counts)) is not None]
    rate = pass_rate(newest.counts)
    if rate is not None and len(rates) >= MIN_BASELINE:
        z = robust_z(rate, rates)
        median = statistics.median(rates)
        if z < -Z_ANOMALY and median - rate >= PASS_RATE_DROP:
            found.append(Anomaly("pass_rate_drop", history.suite, newest.run_id, rate, median,
                                 _finite(z), f"pass rate {rate:.1%} in run {newest.run_id}, "
                                             f"median {median:.1%} before"))
    found += _test_jumps(history, tests)
    return found


def _slower(suite: str, run_id: int, value: float, baseline: Sequence[float]
            ) -> Anomaly | None:
    z = robust_z(value, baseline)
    median = statistics.median(baseline)
    if z <= Z_ANOMALY or value < SLOWER * median:
        return None
    change = f"{value / median - 1:+.0%}" if median else "up"
    return Anomaly("suite_slower", suite, run_id, value, median, _finite(z),
                   f"suite {suite} took {value:.1f} s in run {run_id}, {change} on the "
                   f"median {median:.1f} s")


def _test_jumps(history: ScopeHistory, tests: dict[str, TestHistory]) -> list[Anomaly]:
    newest = len(history.runs) - 1
    run_id = history.runs[-1].run_id
    found = []
    for test in tests.values():
        if not test.positions or test.positions[-1] != newest:
            continue
        before, value = test.durations[:-1], test.durations[-1]
        if len(before) < MIN_BASELINE:
            continue
        median = statistics.median(before)
        if (value < TEST_JUMP * max(median, before[-1])
                or value - median < TEST_JUMP_SECONDS):
            continue
        z = robust_z(value, before)
        if z > Z_ANOMALY:
            found.append(Anomaly("test_duration_jump", test.nodeid, run_id, value, median,
                                 _finite(z), f"{test.nodeid} took {value:.2f} s in run "
                                             f"{run_id}, median {median:.2f} s before"))
    found.sort(key=lambda a: (-(a.value - a.baseline), a.subject))
    return found[:MAX_TEST_ANOMALIES]


def _finite(z: float) -> float:
    """A z JSON can hold: an infinite one (a perfectly steady baseline) as ±1e9."""
    return max(-1e9, min(1e9, round(z, 3)))
