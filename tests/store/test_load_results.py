"""A run's load tests in the results store (``load_*`` tables, migration 0008), on SQLite
and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select

from qatron.load.models import (
    CriterionVerdict,
    EndpointStats,
    ErrorGroup,
    LoadResult,
    LoadStatus,
    ResourceSample,
    TimePoint,
)
from qatron.models import RunStatus
from qatron.store import ResultsStore, StoreError
from qatron.store.models import LoadTimelineRow

T0 = 1_764_770_000.25


def payments(status: LoadStatus = LoadStatus.FAILED, p95: float = 182.5,
             name: str = "payments") -> LoadResult:
    """A 30-second ramp to 20 users whose p95 missed its limit and whose 503s began 14 s in."""
    return LoadResult(
        name=name, target="http://127.0.0.1:8002", status=status,
        message="p95 182 ms > 150 ms" if status is LoadStatus.FAILED else "2 criteria met",
        started_at=T0, finished_at=T0 + 30.5, users_peak=20, workers=2,
        total=EndpointStats("Aggregated", requests=2_412, failures=77, rps=80.4, avg_ms=61.2,
                            min_ms=3.1, max_ms=903.0, p50_ms=48.0, p90_ms=140.0, p95_ms=p95,
                            p99_ms=410.0),
        endpoints=[
            EndpointStats("POST /payments", "POST", 1_809, 77, 60.3, 75.0, 9.0, 903.0, 60.0,
                          170.0, 220.0, 450.0),
            EndpointStats("/health", "GET", 603, 0, 20.1, 4.2, 3.1, 30.0, 4.0, 8.0, 12.0, 25.0),
        ],
        timeline=[TimePoint(T0 + i, 1 + i * 19 // 29, 2.7 * (i + 1), 0.0 if i < 14 else 5.5,
                            40.0 + i, 90.0 + 3 * i) for i in range(30)],
        errors=[ErrorGroup("POST", "POST /payments", "HTTPError 503", 77, T0 + 14.2)],
        resources=[ResourceSample(T0 + 5 * i, 180.5 + i, 210.0 + 12.5 * i) for i in range(7)],
        verdicts=[
            CriterionVerdict("p95_ms", 150.0, p95, p95 <= 150, f"p95 {p95:.0f} ms > 150 ms"),
            CriterionVerdict("regression.p95_ms", 0.2, p95, p95 <= 176.4,
                             f"p95 {p95:.0f} ms is … than run 12's 147 ms (limit 20%)", 12,
                             147.0),
        ],
        hints=["POST /payments is the slowest endpoint: p95 220 ms, 18.3× the median "
               "endpoint's 12 ms."],
    )


def test_a_load_test_round_trips(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "load", "local")
    assert store.load_results(run_id) == []
    saved = payments()
    store.save_load_result(run_id, saved)

    assert store.load_results(run_id) == [saved]  # every field, every row in its order


def test_a_load_test_that_could_not_run_round_trips(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "load", "local")
    down = LoadResult("payments", "http://127.0.0.1:1", LoadStatus.INFRA_FAILED,
                      message="connection refused by http://127.0.0.1:1")
    store.save_load_result(run_id, down)
    assert store.load_results(run_id) == [down]


def test_saving_a_load_test_again_replaces_it_and_its_rows_only(
        store: ResultsStore, url: str) -> None:
    run_id, other_run = (store.create_run("shop", "load", "local") for _ in range(2))
    store.save_load_result(run_id, payments())
    store.save_load_result(other_run, payments())
    store.save_load_result(run_id, payments(name="search"))
    retried = payments(LoadStatus.PASSED, p95=120.0)
    retried.timeline = retried.timeline[:3]
    store.save_load_result(run_id, retried)

    by_name = {r.name: r for r in store.load_results(run_id)}
    assert sorted(by_name) == ["payments", "search"]
    assert by_name["payments"] == retried
    assert store.load_results(other_run) == [payments()]
    engine = create_engine(url)
    try:
        with engine.connect() as connection:  # the replaced test's timeline went with it
            rows = connection.scalar(select(func.count()).select_from(LoadTimelineRow))
    finally:
        engine.dispose()
    assert rows == 3 + 30 + 30


def test_load_summary_carries_the_load_tests(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "load", "local")
    store.save_load_result(run_id, payments(name="search"))
    store.save_load_result(run_id, payments())
    summary = store.load_summary(run_id)
    assert summary is not None
    assert [r.name for r in summary.load_tests] == ["payments", "search"]
    other = store.create_run("shop", "load", "local")
    assert store.load_summary(other).load_tests == []  # type: ignore[union-attr]


def test_saving_for_a_run_that_does_not_exist_says_so(store: ResultsStore) -> None:
    with pytest.raises(StoreError, match="run 404 does not exist: cannot record its load test"):
        store.save_load_result(404, payments())


def test_the_baseline_is_the_newest_passed_run_of_that_test_in_that_project(
        store: ResultsStore) -> None:
    assert store.load_baseline("shop", "payments") is None
    first = store.create_run("shop", "load", "local")
    store.save_load_result(first, payments(LoadStatus.PASSED, p95=140.0))
    second = store.create_run("shop", "load", "local")
    store.save_load_result(second, payments(LoadStatus.PASSED, p95=147.0))
    failed = store.create_run("shop", "load", "local")
    store.save_load_result(failed, payments(LoadStatus.FAILED))
    elsewhere = store.create_run("bank", "load", "local")
    store.save_load_result(elsewhere, payments(LoadStatus.PASSED, p95=10.0))
    other_test = store.create_run("shop", "load", "local")
    store.save_load_result(other_test, payments(LoadStatus.PASSED, name="search"))

    found = store.load_baseline("shop", "payments")
    assert found is not None and found[0] == second and found[1].total.p95_ms == 147.0
    assert found[1] == payments(LoadStatus.PASSED, p95=147.0)
    assert store.load_baseline("shop", "payments", before_run_id=second) == (
        first, payments(LoadStatus.PASSED, p95=140.0))
    assert store.load_baseline("shop", "refunds") is None


def test_the_history_is_newest_first_with_its_runs(store: ResultsStore) -> None:
    runs = []
    for p95 in (120.0, 130.0, 182.5):
        run_id = store.create_run("shop", "nightly", "staging", branch="main", commit="abc123")
        store.save_load_result(run_id, payments(
            LoadStatus.PASSED if p95 < 150 else LoadStatus.FAILED, p95=p95))
        runs.append(run_id)
    store.set_status(runs[-1], RunStatus.FAILED)
    no_load = store.create_run("shop", "nightly", "staging")

    history = store.load_history("shop", "payments", last=2)
    assert [(row.run_id, result.total.p95_ms) for row, result in history] == [
        (runs[2], 182.5), (runs[1], 130.0)]
    newest, result = history[0]
    assert (newest.run_status, newest.suite, newest.environment, newest.branch,
            newest.commit) == (RunStatus.FAILED, "nightly", "staging", "main", "abc123")
    assert newest.when.timestamp() == T0
    assert result.status is LoadStatus.FAILED and len(result.verdicts) == 2
    assert no_load not in [row.run_id for row, _ in store.load_history("shop", "payments")]
    assert store.load_history("shop", "refunds") == []


def test_deleting_a_baseline_run_keeps_the_load_tests_that_compared_with_it(
        store: ResultsStore, url: str) -> None:
    baseline = store.create_run("shop", "load", "local")
    store.save_load_result(baseline, payments(LoadStatus.PASSED))
    run_id = store.create_run("shop", "load", "local")
    compared = payments()
    compared.baseline_run_id = baseline
    store.save_load_result(run_id, compared)
    assert store.load_results(run_id)[0].baseline_run_id == baseline
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.exec_driver_sql(f"DELETE FROM runs WHERE id = {baseline}")
    finally:
        engine.dispose()
    assert store.load_results(baseline) == []
    [kept] = store.load_results(run_id)
    assert kept.baseline_run_id is None and kept.total.p95_ms == 182.5
