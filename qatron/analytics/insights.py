"""Insights: findings in a window of runs, each with a severity and what to do.

=================  =========================================================  =========
kind               when                                                       severity
=================  =========================================================  =========
flaky_test         a test not quarantined needed a rerun in at least           critical
                   :data:`FLAKY_RUNS` runs (critical from a quarter of them)   /warning
duration_growth    the suite's median wall time since its change point (the    warning/
                   split into two steadiest parts) at least 20 % above the     critical
                   median before it (critical from +50 %)
suite_slower       the newest run's anomaly (see :mod:`.anomalies`)            warning
pass_rate_drop     the newest run's anomaly, with its failures' causes         critical
test_duration      tests whose duration jumped in the newest run               warning
recurring_cause    a failure cluster seen in at least :data:`RECURRING_RUNS`   warning/
                   runs, the newest among them (critical in half the runs)     critical
below_target       a metric whose status is critical                          critical
declining          a metric whose trend declines with r² of at least 0.5      warning
=================  =========================================================  =========
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable

from qatron.analytics.metrics import TestHistory
from qatron.analytics.models import Anomaly, Direction, Insight, Metric, Severity, Status
from qatron.store.history import ScopeHistory

__all__ = ["FLAKY_RUNS", "RECURRING_RUNS", "build_insights", "format_value"]

FLAKY_RUNS = 2
RECURRING_RUNS = 3
GROWTH = 1.2
GROWTH_CRITICAL = 1.5
DECLINE_CONFIDENCE = 0.5
MAX_FLAKY = 5
MIN_GROWTH_SECONDS = 0.1
_ORDER = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}


def build_insights(history: ScopeHistory, tests: dict[str, TestHistory],
                   metrics: list[Metric], anomalies: list[Anomaly], *,
                   quarantined: Callable[[str], bool] = lambda nodeid: False) -> list[Insight]:
    """Every insight of the window, most severe first."""
    owners = _owners(history)
    found = _flaky(history, tests, owners, quarantined)
    found += _growth(history, tests)
    found += _from_anomalies(history, tests, anomalies)
    found += _recurring(history)
    found += _from_metrics(metrics)
    return sorted(found, key=lambda insight: _ORDER[insight.severity])


def _owners(history: ScopeHistory) -> dict[str, str]:
    """The team the failure analysis routed each test's failures to most often."""
    teams: dict[str, Counter[str]] = defaultdict(Counter)
    for failure in history.failures:
        if failure.team:
            teams[failure.nodeid][failure.team] += 1
    return {nodeid: counter.most_common(1)[0][0] for nodeid, counter in teams.items()}


def _flaky(history: ScopeHistory, tests: dict[str, TestHistory], owners: dict[str, str],
           quarantined: Callable[[str], bool]) -> list[Insight]:
    runs = len(history.runs)
    flaky = sorted((t for t in tests.values()
                    if t.flaky_runs >= FLAKY_RUNS and not quarantined(t.nodeid)),
                   key=lambda t: (-t.flaky_runs, t.nodeid))
    found = []
    for test in flaky[:MAX_FLAKY]:
        failed = test.failed_runs
        rerun = ("passed on rerun each time" if test.flaky_runs == failed
                 else f"passed on rerun in {test.flaky_runs} of them")
        owner = owners.get(test.nodeid)
        whom = f", owner {owner}" if owner else " (no owner recorded: add it to CODEOWNERS)"
        severity = Severity.CRITICAL if failed >= runs / 4 else Severity.WARNING
        found.append(Insight(
            "flaky_test", severity,
            f"test {test.nodeid} failed in {failed} of the last {runs} runs and {rerun}",
            f"quarantine it{whom}, and fix what makes it depend on timing or order",
            {"nodeid": test.nodeid, "failed_runs": failed, "flaky_runs": test.flaky_runs,
             "runs": runs, "owner": owner, "score": round(test.score, 3)}))
    if len(flaky) > MAX_FLAKY:
        found.append(Insight("flaky_test", Severity.INFO,
                             f"{len(flaky) - MAX_FLAKY} more flaky tests",
                             "see `qatron metrics flakiness` for the whole list",
                             {"more": len(flaky) - MAX_FLAKY}))
    return found


def _growth(history: ScopeHistory, tests: dict[str, TestHistory]) -> list[Insight]:
    walls = [run.wall_time for run in history.runs]
    if len(walls) < 6 or any(wall is None for wall in walls):
        return []
    values = [float(wall or 0.0) for wall in walls]
    since = _change_point(values)
    before = statistics.median(values[:since])
    best = statistics.median(values[since:]) / before if before else 0.0
    if best < GROWTH:
        return []
    run_id = history.runs[since].run_id
    grown = _grown_tests(tests, since)
    named = "; ".join(f"{nodeid} {before:.2f} s → {after:.2f} s"
                      for nodeid, before, after in grown) or "none of the tests in particular"
    severity = Severity.CRITICAL if best >= GROWTH_CRITICAL else Severity.WARNING
    return [Insight("duration_growth", severity,
                    f"suite duration {best - 1:+.0%} since run {run_id}; the three tests "
                    f"that grew most: {named}",
                    "look at what changed in these tests and the code they call around run "
                    f"{run_id}; rebalance shards if the growth is wanted",
                    {"since_run": run_id, "growth": round(best - 1, 4),
                     "tests": [{"nodeid": n, "before": b, "after": a} for n, b, a in grown]})]


def _change_point(values: list[float]) -> int:
    """Where the series splits into two steadiest parts (least squared deviations from each
    part's mean), at least 3 values on each side: one slow run is an anomaly, not a step."""
    def cost(part: list[float]) -> float:
        mean = statistics.fmean(part)
        return sum((value - mean) ** 2 for value in part)

    return min(range(3, len(values) - 2),
               key=lambda split: (cost(values[:split]) + cost(values[split:]), split))


def _grown_tests(tests: dict[str, TestHistory], since: int, top: int = 3
                 ) -> list[tuple[str, float, float]]:
    """The ``top`` tests whose median duration grew most (by 10 % and 0.1 s at least) from
    position ``since`` on."""
    grown = []
    for test in tests.values():
        before = [d for p, d in zip(test.positions, test.durations, strict=True) if p < since]
        after = [d for p, d in zip(test.positions, test.durations, strict=True) if p >= since]
        if before and after:
            old, new = statistics.median(before), statistics.median(after)
            if new - old >= max(MIN_GROWTH_SECONDS, 0.1 * old):
                grown.append((test.nodeid, round(old, 3), round(new, 3)))
    grown.sort(key=lambda item: (-(item[2] - item[1]), item[0]))
    return grown[:top]


def _from_anomalies(history: ScopeHistory, tests: dict[str, TestHistory],
                    anomalies: list[Anomaly]) -> list[Insight]:
    found = []
    jumps = [a for a in anomalies if a.kind == "test_duration_jump"]
    for anomaly in anomalies:
        if anomaly.kind == "suite_slower":
            grown = _grown_tests(tests, len(history.runs) - 1)
            named = ", ".join(nodeid for nodeid, _, _ in grown) or "no single test"
            found.append(Insight("suite_slower", Severity.WARNING, anomaly.message,
                                 f"the tests that grew most in that run: {named}; check the "
                                 f"environment's load and what the run changed",
                                 {"run_id": anomaly.run_id, "value": anomaly.value,
                                  "median": anomaly.baseline, "robust_z": anomaly.robust_z}))
        elif anomaly.kind == "pass_rate_drop":
            found.append(_drop(history, anomaly))
    if jumps:
        names = "; ".join(a.message for a in jumps[:3])
        found.append(Insight("test_duration", Severity.WARNING,
                             f"{len(jumps)} test(s) took far longer than usual: {names}",
                             "look for a new wait, a slower dependency or a data set that grew",
                             {"tests": [a.subject for a in jumps]}))
    return found


def _drop(history: ScopeHistory, anomaly: Anomaly) -> Insight:
    failures = [f for f in history.failures if f.run_id == anomaly.run_id]
    causes = Counter(f"{f.category or 'uncategorised'} → {f.team or 'no team'}"
                     for f in failures)
    top = ", ".join(f"{cause} ({n})" for cause, n in causes.most_common(3))
    advice = (f"its failures by cause and team: {top}; hand each cluster to its team"
              if top else "no failure analysis for that run: run `qatron failures` on it")
    return Insight("pass_rate_drop", Severity.CRITICAL, anomaly.message, advice,
                   {"run_id": anomaly.run_id, "value": anomaly.value,
                    "median": anomaly.baseline, "causes": dict(causes)})


def _recurring(history: ScopeHistory) -> list[Insight]:
    if not history.runs:
        return []
    newest, runs = history.runs[-1].run_id, len(history.runs)
    seen: dict[str, set[int]] = defaultdict(set)
    tests: dict[str, set[str]] = defaultdict(set)
    about: dict[str, tuple[str, str]] = {}
    for failure in history.failures:
        if failure.cluster:
            seen[failure.cluster].add(failure.run_id)
            tests[failure.cluster].add(failure.nodeid)
            about[failure.cluster] = (failure.category, failure.team)
    found = []
    for cluster, run_ids in sorted(seen.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(run_ids) < RECURRING_RUNS or newest not in run_ids:
            continue
        category, team = about[cluster]
        severity = Severity.CRITICAL if len(run_ids) >= runs / 2 else Severity.WARNING
        found.append(Insight(
            "recurring_cause", severity,
            f"root cause {cluster} ({category or 'uncategorised'}) failed "
            f"{len(tests[cluster])} test(s) in {len(run_ids)} of the last {runs} runs",
            f"hand it to {team or 'its owning team (none recorded)'} as one defect; "
            f"it is still failing in run {newest}",
            {"cluster": cluster, "category": category, "team": team, "runs": len(run_ids),
             "tests": sorted(tests[cluster])}))
    return found


def _from_metrics(metrics: list[Metric]) -> list[Insight]:
    found = []
    for metric in metrics:
        if metric.value is None:
            continue
        if metric.status is Status.CRITICAL:
            found.append(Insight(
                "below_target", Severity.CRITICAL,
                f"{metric.label} is {format_value(metric.value, metric.unit)}, target "
                f"{'at least' if metric.higher_is_better else 'at most'} "
                f"{format_value(metric.target, metric.unit)}",
                _advice(metric.name), {"metric": metric.name, "value": metric.value,
                                       "target": metric.target}))
        trend = metric.trend
        if (trend is not None and trend.direction is Direction.DECLINING
                and trend.confidence >= DECLINE_CONFIDENCE and trend.prediction is not None):
            found.append(Insight(
                "declining", Severity.WARNING,
                f"{metric.label} is declining over {trend.points} runs "
                f"(r² {trend.confidence:.2f}); next run predicted at "
                f"{format_value(trend.prediction, metric.unit)}",
                _advice(metric.name), {"metric": metric.name, "slope": trend.slope,
                                       "prediction": trend.prediction}))
    return found


_ADVICE = {
    "pass_rate": "fix or quarantine the failing tests of the recurring root causes first",
    "flaky_rate": "quarantine the flakiest tests with an owner and a date, then fix them",
    "suite_duration": "split the slowest tests, add shards, or run them in a nightly suite",
    "line_coverage": "add tests for the least covered files of the layer",
    "branch_coverage": "add tests for the untaken sides of the layer's conditions",
    "defect_density": "review the changes with most failures before merging more",
    "test_effectiveness": "close the open root causes: each still fails after its run",
    "load_p95_ms": "profile the slowest endpoint of the load test",
}


def _advice(name: str) -> str:
    return _ADVICE.get(name.split(".")[0], "look at the runs behind the trend")


def format_value(value: float, unit: str) -> str:
    """``95.0%`` for a ratio, ``81.2%`` for a percent, ``12.5 s``, ``240 ms``, ``1.3``."""
    if unit == "ratio":
        return f"{value:.1%}"
    if unit == "%":
        return f"{value:.1f}%"
    if unit in {"s", "ms"}:
        return f"{value:,.1f} {unit}" if unit == "s" else f"{value:,.0f} ms"
    return f"{value:.2f}" + (f" {unit}" if unit else "")
