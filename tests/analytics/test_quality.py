"""Quality analytics on histories with known stories (tests/analytics/conftest.py): each
insight and anomaly appears in its story and nowhere else; statuses, trends, score."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from qatron.analytics import ScopeQuality, Status, analyse_scope, quality_score
from qatron.analytics.changes import changed_lines
from qatron.analytics.metrics import status
from qatron.analytics.stats import fit_line, robust_z
from qatron.config import load_project
from qatron.config_analytics import Analytics
from qatron.errors import ConfigError
from qatron.store import ResultsStore
from tests.analytics.conftest import ENV, GROWTH_FROM, ONCE, QUARANTINED, REFUND, Histories
from tests.projects import write_project


def kinds(scope: ScopeQuality) -> set[str]:
    return {insight.kind for insight in scope.insights}


def test_every_suite_of_the_project_is_analysed_and_json_ready(quality: object,
                                                                scopes: dict[str, ScopeQuality]
                                                                ) -> None:
    assert sorted(scopes) == ["drop", "flaky", "growth", "recurring", "slower", "steady",
                              "trend"]
    assert all(len(scope.runs) == 20 and scope.environment == ENV for scope in scopes.values())
    data = json.loads(json.dumps(quality.to_json()))  # type: ignore[attr-defined]
    assert data["scopes"][0]["metrics"][0]["name"] == "pass_rate"


def test_a_steady_suite_is_all_good_with_nothing_to_say(scopes: dict[str, ScopeQuality]
                                                        ) -> None:
    steady = scopes["steady"]
    measured = {m.name: m.status for m in steady.metrics if m.value is not None}
    assert measured == {"pass_rate": Status.GOOD, "flaky_rate": Status.GOOD,
                        "suite_duration": Status.GOOD, "line_coverage.unit": Status.GOOD}
    assert steady.insights == [] and steady.anomalies == []
    assert all(m.trend is None or m.trend.direction == "stable" for m in steady.metrics)
    assert steady.score == 100.0
    assert "4 of 4 metric(s) on target" in steady.summary


def test_a_flaky_test_is_to_be_quarantined_with_its_owner(scopes: dict[str, ScopeQuality]
                                                          ) -> None:
    flaky = [i for i in scopes["flaky"].insights if i.kind == "flaky_test"]
    assert [i.evidence["nodeid"] for i in flaky] == [REFUND]  # not ONCE nor QUARANTINED
    [insight] = flaky
    assert insight.title == (f"test {REFUND} failed in 6 of the last 20 runs and passed on "
                             f"rerun each time")
    assert insight.recommendation.startswith("quarantine it, owner team-payments")
    rate = scopes["flaky"].metric("flaky_rate")
    assert rate is not None and rate.status is Status.CRITICAL
    assert rate.detail["flaky_tests"] == 3 and rate.detail["tests"] == 13
    assert ONCE in {t["nodeid"] for t in rate.detail["flakiest"]}
    assert QUARANTINED in {t["nodeid"] for t in rate.detail["flakiest"]}
    assert all("flaky_test" not in kinds(scopes[s]) for s in scopes if s != "flaky")


def test_a_suddenly_slower_run_and_the_test_that_jumped(scopes: dict[str, ScopeQuality]
                                                        ) -> None:
    slower = scopes["slower"]
    assert [(a.kind, a.subject) for a in slower.anomalies] == [
        ("suite_slower", "slower"), ("test_duration_jump", "tests/test_a.py::test_3")]
    assert {"suite_slower", "test_duration"} <= kinds(slower)
    assert "duration_growth" not in kinds(slower)  # one run is an anomaly, not a step
    [insight] = [i for i in slower.insights if i.kind == "suite_slower"]
    assert "tests/test_a.py::test_3" in insight.recommendation
    assert slower.slowest_tests[0].nodeid == "tests/test_a.py::test_3"
    for name in ("steady", "growth", "flaky", "trend"):
        assert not [a for a in scopes[name].anomalies if "duration" in a.kind
                    or a.kind == "suite_slower"], name


def test_a_step_in_duration_names_the_run_and_the_tests_that_grew(
        scopes: dict[str, ScopeQuality], histories: Histories) -> None:
    growth = scopes["growth"]
    [insight] = [i for i in growth.insights if i.kind == "duration_growth"]
    since = histories.ids["growth"][GROWTH_FROM]
    assert insight.title.startswith(f"suite duration +59% since run {since}; the three tests "
                                    f"that grew most: tests/test_a.py::test_0 ")
    assert [t["nodeid"] for t in insight.evidence["tests"]] == [
        f"tests/test_a.py::test_{n}" for n in range(3)]
    assert insight.severity == "critical"
    duration = growth.metric("suite_duration")
    assert duration is not None and duration.trend is not None
    assert duration.trend.direction == "declining"  # longer is worse
    assert growth.anomalies == []  # the newest run is as slow as the five before it
    assert all("duration_growth" not in kinds(scopes[s]) for s in scopes if s != "growth")


def test_a_pass_rate_drop_names_its_causes_and_teams(scopes: dict[str, ScopeQuality],
                                                     histories: Histories) -> None:
    drop = scopes["drop"]
    [anomaly] = drop.anomalies
    assert (anomaly.kind, anomaly.run_id, anomaly.value, anomaly.baseline) == (
        "pass_rate_drop", histories.ids["drop"][-1], 0.7, 1.0)
    [insight] = [i for i in drop.insights if i.kind == "pass_rate_drop"]
    assert insight.severity == "critical"
    assert "product_bug → team-orders (2), environment → team-platform (1)" in \
        insight.recommendation
    assert drop.failures_by_team == {"team-orders": 2, "team-platform": 1}
    assert drop.failures_by_cause == {"product_bug": 2, "environment": 1}
    assert all("pass_rate_drop" not in kinds(scopes[s]) for s in ("steady", "flaky", "growth",
                                                                  "slower", "trend"))


def test_a_recurring_root_cause_effectiveness_and_defect_density(
        scopes: dict[str, ScopeQuality]) -> None:
    recurring = scopes["recurring"]
    [insight] = [i for i in recurring.insights if i.kind == "recurring_cause"]
    assert insight.evidence["cluster"] == "c-db"  # c-old was fixed, c-open is gone
    assert "in 4 of the last 20 runs" in insight.title
    assert insight.recommendation.startswith("hand it to team-data")
    effectiveness = recurring.metric("test_effectiveness")
    assert effectiveness is not None
    assert (effectiveness.value, effectiveness.detail["open"]) == (0.5, ["c-open"])
    assert effectiveness.status is Status.CRITICAL
    density = recurring.metric("defect_density")
    assert density is not None and density.detail["changed_lines"] == 200
    assert density.value == pytest.approx(3 / 0.2)  # c-db, c-old, c-open per 200 lines
    other = scopes["steady"].metric("defect_density")
    assert other is not None and other.value is None and "no commit" in other.reason
    assert all("recurring_cause" not in kinds(scopes[s]) for s in scopes if s != "recurring")


def test_trends_know_which_way_is_better(scopes: dict[str, ScopeQuality]) -> None:
    trend = scopes["trend"]
    rate, coverage = trend.metric("pass_rate"), trend.metric("line_coverage.unit")
    assert rate is not None and rate.trend is not None
    assert coverage is not None and coverage.trend is not None
    assert rate.trend.direction == "declining" and rate.trend.confidence > 0.95
    assert rate.trend.prediction is not None and rate.trend.prediction < rate.series[-1][1]
    assert coverage.trend.direction == "improving" and coverage.trend.confidence == 1.0
    assert coverage.trend.prediction == pytest.approx(80.0)
    assert (rate.status, coverage.status) == (Status.WARNING, Status.WARNING)
    assert [i.evidence["metric"] for i in trend.insights if i.kind == "declining"] == [
        "pass_rate"]


def test_status_is_good_within_the_margin_a_warning_beyond_it_critical() -> None:
    assert status(0.96, 0.95, True, 0.1) is Status.GOOD
    assert status(0.90, 0.95, True, 0.1) is Status.WARNING
    assert status(0.80, 0.95, True, 0.1) is Status.CRITICAL
    assert status(1800, 1800, False, 0.1) is Status.GOOD
    assert status(1900, 1800, False, 0.1) is Status.WARNING
    assert status(2500, 1800, False, 0.1) is Status.CRITICAL
    assert status(0.9, 0.95, True, 0.0) is Status.CRITICAL


def test_targets_and_window_from_settings(store: ResultsStore, histories: Histories) -> None:
    strict = Analytics(targets={"pass_rate": 0.999}, window=5)
    scope = analyse_scope(store, histories.project.name, "trend", ENV, settings=strict)
    rate = scope.metric("pass_rate")
    assert len(scope.runs) == 5 and rate is not None
    assert (rate.target, rate.status) == (0.999, Status.CRITICAL)
    with pytest.raises(ValueError, match="targets of the metrics"):
        Analytics(targets={"speed": 1.0})


def test_score_weights_the_measured_metrics(scopes: dict[str, ScopeQuality]) -> None:
    flaky = scopes["flaky"]
    assert quality_score(flaky.metrics) == flaky.score
    # pass 35, flaky 15 (at 0.02/0.231 of 100), duration 10, effectiveness 10
    expected = (35 * 100 + 15 * 100 * 0.02 / (3 / 13) + 10 * 100 + 10 * 100) / 70
    assert flaky.score == pytest.approx(expected, abs=0.05)
    assert quality_score([]) is None


def test_least_squares_and_robust_z() -> None:
    line = fit_line([1.0, 3.0, 5.0, 7.0])
    assert (line.slope, line.intercept, line.r_squared, line.at(4)) == (2.0, 1.0, 1.0, 9.0)
    assert line.significant and math.isinf(line.t)
    noisy = fit_line([5.0, 1.0, 6.0, 2.0, 5.0, 1.0])
    assert not noisy.significant and noisy.r_squared < 0.1
    assert robust_z(30.0, [10, 11, 9, 10, 12, 10]) > 3.5
    assert abs(robust_z(10.5, [10, 11, 9, 10, 12, 10])) < 1


def test_changed_lines_outside_a_git_checkout(tmp_path: Path) -> None:
    found = changed_lines(tmp_path, "abc", "def")
    assert found.lines is None and "is not a git checkout" in found.reason


def test_qatron_yml_sets_targets_and_window(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", """
        project: shop
        suites: {e2e: {}}
        analytics: {window: 5, warning_margin: 0.05, targets: {pass_rate: 0.99}}
    """, {})
    settings = load_project(root).config.analytics
    assert (settings.window, settings.warning_margin) == (5, 0.05)
    assert (settings.target("pass_rate"), settings.target("flaky_rate")) == (0.99, 0.02)
    write_project(root, """
        project: shop
        suites: {e2e: {}}
        analytics: {targets: {speed: 3}}
    """, {})
    with pytest.raises(ConfigError, match="analytics.targets"):
        load_project(root)
