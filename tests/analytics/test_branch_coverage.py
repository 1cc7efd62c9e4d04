"""Branch coverage per layer in the quality analytics, from histories written through the
results store: the newest run's figure per layer, its series, target and status."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qatron.analytics import Status, analyse_scope
from qatron.config_analytics import Analytics
from qatron.coverage_summary import CoverageSummary
from qatron.store import ResultsStore
from tests.analytics.conftest import ENV, RunSpec, steady, write_runs

BEFORE = 4  # the oldest runs were stored before branches were measured


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ResultsStore]:
    with ResultsStore(f"sqlite:///{tmp_path / 'results.db'}") as opened:
        yield opened


def write_history(store: ResultsStore) -> list[int]:
    """10 runs with unit and e2e line coverage; from the 5th on, unit branches taken rise
    from 32 to 42 of 60 (53.3 → 70 %); e2e never has branch figures."""
    ids = write_runs(store, "shop", "unit", [
        RunSpec(steady(i), coverage={"unit": 85.0, "e2e": 40.0}) for i in range(10)])
    for index, run_id in enumerate(ids[BEFORE:]):
        store.save_run_coverage(run_id, CoverageSummary(
            "unit", 850, 1000, branches=60, covered_branches=32 + 2 * index))
    return ids


def test_each_layer_that_measured_branches_has_its_newest_figure_and_series(
        store: ResultsStore) -> None:
    ids = write_history(store)
    scope = analyse_scope(store, "shop", "unit", ENV)
    names = [m.name for m in scope.metrics if "coverage" in m.name]
    assert names == ["line_coverage.e2e", "line_coverage.unit", "branch_coverage.unit"]

    metric = scope.metric("branch_coverage.unit")
    assert metric is not None
    assert (metric.label, metric.unit, metric.target) == ("Branch coverage (unit)", "%", 70.0)
    assert metric.value == pytest.approx(100 * 42 / 60)
    assert [run for run, _ in metric.series] == ids[BEFORE:]  # not the runs before branches
    assert metric.series[0][1] == pytest.approx(100 * 32 / 60)
    assert metric.status is Status.GOOD
    assert metric.trend is not None and metric.trend.direction == "improving"


def test_a_branch_figure_below_its_target_is_judged_with_the_qatron_yml_target(
        store: ResultsStore) -> None:
    write_history(store)
    settings = Analytics(targets={"branch_coverage": 90.0})
    metric = analyse_scope(store, "shop", "unit", ENV, settings=settings).metric(
        "branch_coverage.unit")
    assert metric is not None and metric.target == 90.0
    assert metric.status is Status.CRITICAL  # 70 % misses 90 by more than 10 % of it


def test_without_any_branch_figure_the_metric_is_absent_and_says_why(
        store: ResultsStore) -> None:
    write_runs(store, "shop", "unit", [RunSpec(steady(i), coverage={"unit": 85.0})
                                       for i in range(3)])
    scope = analyse_scope(store, "shop", "unit", ENV)
    metric = scope.metric("branch_coverage")
    assert metric is not None and metric.value is None and metric.status is None
    assert metric.reason.startswith("no run of the window measured branches")
    assert not any(m.name.startswith("branch_coverage.") for m in scope.metrics)
