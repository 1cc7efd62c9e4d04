"""The metrics of one suite on one environment over a window of runs, each with its target,
status and trend.

=======================  ==============================================================
metric                   value
=======================  ==============================================================
pass_rate                passed (and xpassed) over passed + failed + error, pooled over
                         the window (skips and xfails are not judged)
flaky_rate               tests that needed a rerun (failed, then passed) in at least one
                         run of the window, over the tests that ran
suite_duration           wall time of the newest run's shards, seconds
line_coverage.<layer>    the newest run's line coverage of the layer, percent
branch_coverage.<layer>  the newest run's branch coverage of the layer (branches taken
                         over branches, as coverage.py counts them), percent
defect_density           distinct failure clusters (root causes) of the window per 1000
                         lines changed between the first and the newest run's commits
test_effectiveness       share of the window's clusters later fixed: every test that
                         failed with it passed in a later run (clusters whose last
                         failure is in the newest run are not judged yet)
load_p95_ms.<test>       the newest run's p95 of the load test, milliseconds
=======================  ==============================================================

**Status.** ``good`` when the value meets the target; ``warning`` when it misses it by
at most ``warning_margin`` (default 10 %) of the target (a pass rate of 0.90 against
0.95 is within 10 % of 0.95, so a warning); ``critical`` beyond that. A metric that
could not be measured has no status and says why in ``reason``.

**Trend.** The per-run series through :func:`qatron.analytics.stats.fit_line`: improving
or declining when the line is significant (its sign read with whether higher is
better), else stable; the confidence is the line's r², the prediction the line at the
next run (rates kept within 0–1, percentages within 0–100, others at 0 or more).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from qatron.analytics.changes import ChangedLines
from qatron.analytics.models import Direction, Metric, Status, Trend
from qatron.analytics.stats import fit_line
from qatron.config_analytics import HIGHER_IS_BETTER, Analytics
from qatron.store.history import RunAggregate, ScopeHistory

__all__ = ["TestHistory", "compute_metrics", "pass_rate", "status", "test_histories",
           "trend"]

_FAILED = {"failed", "error"}
_PASSED = {"passed", "xpassed"}
_BOUNDS = {"%": (0.0, 100.0), "ratio": (0.0, 1.0)}


@dataclass
class TestHistory:
    """One test over the window: per run position, its outcome, duration and flaky flag
    (the same facts :mod:`qatron.store.flakiness` scores)."""

    __test__ = False  # not a pytest test class

    nodeid: str
    positions: list[int] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    flaky: list[bool] = field(default_factory=list)

    @property
    def flaky_runs(self) -> int:
        return sum(self.flaky)

    @property
    def failed_runs(self) -> int:
        """Runs in which it failed at least once (finally, or before passing on a rerun)."""
        return sum(1 for outcome, flaky in zip(self.outcomes, self.flaky, strict=True)
                   if outcome in _FAILED or flaky)

    @property
    def flips(self) -> int:
        failing = [outcome in _FAILED for outcome in self.outcomes]
        return sum(1 for before, after in zip(failing, failing[1:], strict=False)
                   if before != after)

    @property
    def score(self) -> float:
        """``min(1, (flaky_runs + flips) / runs)``, as :mod:`qatron.store.flakiness` has it."""
        return min(1.0, (self.flaky_runs + self.flips) / len(self.outcomes))


def test_histories(history: ScopeHistory) -> dict[str, TestHistory]:
    """Each test's history in the window, by node id, runs oldest first."""
    position = {run.run_id: index for index, run in enumerate(history.runs)}
    found: dict[str, TestHistory] = {}
    for run_id, nodeid, outcome, duration, flaky in sorted(
            history.tests, key=lambda s: position[s.run_id]):
        test = found.get(nodeid)
        if test is None:
            test = found[nodeid] = TestHistory(nodeid)
        test.positions.append(position[run_id])
        test.outcomes.append(outcome)
        test.durations.append(duration)
        test.flaky.append(flaky)
    return found


def pass_rate(counts: dict[str, int]) -> float | None:
    """Passed share of tests with a verdict (as the run report has it), or None."""
    passed = counts.get("passed", 0) + counts.get("xpassed", 0)
    judged = passed + counts.get("failed", 0) + counts.get("error", 0)
    return passed / judged if judged else None


def status(value: float, target: float, higher_is_better: bool, margin: float) -> Status:
    """Good when ``value`` meets ``target``, warning within ``margin`` × target of it,
    else critical."""
    shortfall = target - value if higher_is_better else value - target
    if shortfall <= 0:
        return Status.GOOD
    return Status.WARNING if shortfall <= margin * abs(target) else Status.CRITICAL


def trend(values: Sequence[float], higher_is_better: bool, unit: str = "") -> Trend | None:
    """The series' trend (see the module docstring), or None with fewer than 2 points."""
    if len(values) < 2:
        return None
    line = fit_line(values)
    direction = Direction.STABLE
    if line.significant:
        rising = line.slope > 0
        direction = Direction.IMPROVING if rising == higher_is_better else Direction.DECLINING
    low, high = _BOUNDS.get(unit, (0.0, float("inf")))
    prediction = min(high, max(low, line.at(len(values))))
    t = line.t if abs(line.t) != float("inf") else (1e9 if line.t > 0 else -1e9)
    return Trend(direction=direction, slope=line.slope, confidence=round(line.r_squared, 4),
                 t_statistic=round(t, 4), prediction=prediction, points=len(values))


def compute_metrics(history: ScopeHistory, tests: dict[str, TestHistory],
                    settings: Analytics, changes: ChangedLines) -> list[Metric]:
    """Every metric of the window (see the module docstring), in a fixed order."""
    build = _Builder(settings)
    runs = history.runs
    found = [_pass_rate(build, runs), _flaky_rate(build, runs, tests),
             _duration(build, runs)]
    found += _coverage(build, history)
    found += _branch_coverage(build, history)
    found.append(_defect_density(build, history, changes))
    found.append(_effectiveness(build, history, tests))
    found += _load(build, history)
    return found


class _Builder:
    """Metrics with the project's targets, statuses and trends."""

    def __init__(self, settings: Analytics) -> None:
        self.settings = settings

    def metric(self, name: str, label: str, unit: str, value: float | None,
               series: list[tuple[int, float]], *, key: str | None = None, reason: str = "",
               detail: dict[str, object] | None = None) -> Metric:
        base = key or name
        better = HIGHER_IS_BETTER[base]
        target = self.settings.target(base)
        judged = None if value is None else status(value, target, better,
                                                   self.settings.warning_margin)
        return Metric(name=name, label=label, value=value, target=target,
                      higher_is_better=better, unit=unit, status=judged,
                      trend=trend([v for _, v in series], better, unit), series=series,
                      reason=reason if value is None else "", detail=dict(detail or {}))

    def absent(self, name: str, label: str, unit: str, reason: str,
               key: str | None = None) -> Metric:
        return self.metric(name, label, unit, None, [], key=key, reason=reason)


def _pass_rate(build: _Builder, runs: list[RunAggregate]) -> Metric:
    series = [(run.run_id, rate) for run in runs if (rate := pass_rate(run.counts)) is not None]
    pooled: dict[str, int] = defaultdict(int)
    for run in runs:
        for key, number in run.counts.items():
            pooled[key] += number
    value = pass_rate(pooled)
    return build.metric("pass_rate", "Pass rate", "ratio", value, series,
                        reason="no test with a verdict in the window",
                        detail={"passed": pooled["passed"] + pooled["xpassed"],
                                "failed": pooled["failed"], "error": pooled["error"]})


def _flaky_rate(build: _Builder, runs: list[RunAggregate],
                tests: dict[str, TestHistory]) -> Metric:
    series = [(run.run_id, run.counts["flaky"] / executed) for run in runs
              if (executed := run.counts["total"] - run.counts["skipped"]) > 0]
    flaky = sorted((t for t in tests.values() if t.flaky_runs),
                   key=lambda t: (-t.flaky_runs, -t.score, t.nodeid))
    value = len(flaky) / len(tests) if tests else None
    return build.metric("flaky_rate", "Flaky rate", "ratio", value, series,
                        reason="no test ran in the window",
                        detail={"flaky_tests": len(flaky), "tests": len(tests),
                                "flakiest": [{"nodeid": t.nodeid, "flaky_runs": t.flaky_runs,
                                              "flips": t.flips, "runs": len(t.outcomes),
                                              "score": round(t.score, 3)}
                                             for t in flaky[:10]]})


def _duration(build: _Builder, runs: list[RunAggregate]) -> Metric:
    series = [(run.run_id, run.wall_time) for run in runs if run.wall_time is not None]
    value = series[-1][1] if series else None
    median = statistics.median(v for _, v in series) if series else None
    return build.metric("suite_duration", "Suite duration", "s", value, series,
                        reason="no run recorded its shards' times",
                        detail={"median": median})


def _coverage(build: _Builder, history: ScopeHistory) -> list[Metric]:
    return _keyed(build, history, history.coverage, "line_coverage", "Line coverage", "%") or [
        build.absent("line_coverage", "Line coverage", "%",
                     "no run of the window measured coverage (coverage: in qatron.yml)")]


def _branch_coverage(build: _Builder, history: ScopeHistory) -> list[Metric]:
    return _keyed(build, history, history.branch_coverage, "branch_coverage",
                  "Branch coverage", "%") or [
        build.absent("branch_coverage", "Branch coverage", "%",
                     "no run of the window measured branches (coverage: in qatron.yml; runs "
                     "stored before branches were measured have line coverage only)")]


def _keyed(build: _Builder, history: ScopeHistory, figures: dict[int, dict[str, float]],
           name: str, label: str, unit: str) -> list[Metric]:
    """One metric per key (a layer, a load test) of ``figures`` (run id → key → value),
    named ``<name>.<key>`` and targeted as ``name``."""
    found = []
    for key in sorted({key for by_key in figures.values() for key in by_key}):
        series = [(run.run_id, figures[run.run_id][key]) for run in history.runs
                  if key in figures.get(run.run_id, {})]
        found.append(build.metric(f"{name}.{key}", f"{label} ({key})", unit, series[-1][1],
                                  series, key=name))
    return found


def _defect_density(build: _Builder, history: ScopeHistory, changes: ChangedLines) -> Metric:
    clusters = {f.cluster for f in history.failures if f.cluster}
    if changes.lines is None or changes.lines == 0:
        reason = changes.reason or "no line changed between the window's first and newest " \
                                   "commits"
        return build.absent("defect_density", "Defect density", "per kLOC", reason)
    value = len(clusters) / (changes.lines / 1000)
    return build.metric("defect_density", "Defect density", "per kLOC", value, [],
                        detail={"clusters": len(clusters), "changed_lines": changes.lines,
                                "base": changes.base, "head": changes.head})


def _effectiveness(build: _Builder, history: ScopeHistory,
                   tests: dict[str, TestHistory]) -> Metric:
    position = {run.run_id: index for index, run in enumerate(history.runs)}
    newest = len(history.runs) - 1
    last_seen: dict[str, int] = {}
    members: dict[str, set[str]] = defaultdict(set)
    for failure in history.failures:
        if failure.cluster:
            last_seen[failure.cluster] = max(last_seen.get(failure.cluster, -1),
                                             position[failure.run_id])
            members[failure.cluster].add(failure.nodeid)
    judged = [cluster for cluster, seen in last_seen.items() if seen < newest]
    fixed = [cluster for cluster in judged
             if all(_passed_after(tests.get(nodeid), last_seen[cluster])
                    for nodeid in members[cluster])]
    if not judged:
        return build.absent("test_effectiveness", "Test effectiveness", "ratio",
                            "no analysed failure before the newest run to judge")
    return build.metric("test_effectiveness", "Test effectiveness", "ratio",
                        len(fixed) / len(judged), [],
                        detail={"root_causes": len(judged), "fixed": len(fixed),
                                "open": sorted(set(judged) - set(fixed))})


def _passed_after(test: TestHistory | None, after: int) -> bool:
    if test is None:
        return False
    return any(position > after and outcome in _PASSED
               for position, outcome in zip(test.positions, test.outcomes, strict=True))


def _load(build: _Builder, history: ScopeHistory) -> list[Metric]:
    return _keyed(build, history, history.load_p95, "load_p95_ms", "Load p95", "ms")
