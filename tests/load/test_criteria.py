"""Judging a load test against its criteria and the last passing run."""

from __future__ import annotations

import pytest

from qatron.load.config import Criteria
from qatron.load.criteria import conclude, judge, settle
from qatron.load.models import EndpointStats, LoadResult, LoadStatus


def result(requests: int = 2_400, failures: int = 77, rps: float = 41.0, p50: float = 48.0,
           p90: float = 120.0, p95: float = 182.0, p99: float = 402.4, max_ms: float = 903.0,
           status: LoadStatus = LoadStatus.PASSED) -> LoadResult:
    return LoadResult("payments", "http://127.0.0.1:8002", status, total=EndpointStats(
        "Aggregated", requests=requests, failures=failures, rps=rps, p50_ms=p50, p90_ms=p90,
        p95_ms=p95, p99_ms=p99, max_ms=max_ms))


def texts(criteria: Criteria, measured: LoadResult,
          baseline: tuple[int, LoadResult] | None = None) -> dict[str, tuple[bool, str]]:
    return {v.criterion: (v.passed, v.text) for v in judge(measured, criteria, baseline)}


def test_each_absolute_criterion_gets_its_verdict_in_words() -> None:
    criteria = Criteria(p50_ms=50, p90_ms=100, p95_ms=150, p99_ms=500, max_response_ms=1000,
                        max_error_rate=0.01, min_rps=50, min_requests=100)
    assert texts(criteria, result()) == {
        "p50_ms": (True, "p50 48 ms <= 50 ms"),
        "p90_ms": (False, "p90 120 ms > 100 ms"),
        "p95_ms": (False, "p95 182 ms > 150 ms"),
        "p99_ms": (True, "p99 402 ms <= 500 ms"),
        "max_response_ms": (True, "max response 903 ms <= 1000 ms"),
        "max_error_rate": (False, "error rate 3.2% > 1%"),
        "min_rps": (False, "throughput 41.0 rps < 50 rps"),
        "min_requests": (True, "requests 2400 >= 100"),
    }


def test_a_verdict_holds_its_limit_and_what_was_measured() -> None:
    p95, errors, requests = judge(result(requests=12, failures=0), Criteria(
        p95_ms=150, max_error_rate=0.015, min_requests=100), None)
    assert (p95.limit, p95.measured, p95.passed, p95.baseline_run_id) == (150, 182, False, None)
    assert (errors.limit, errors.measured, errors.text) == (0.015, 0.0, "error rate 0.0% <= 1.5%")
    assert (requests.measured, requests.passed, requests.text) == (12, False, "requests 12 < 100")


def test_no_requests_fail_the_latency_criteria_instead_of_passing_them() -> None:
    [p95, requests] = judge(result(requests=0, failures=0, p95=0.0),
                            Criteria(p95_ms=150, min_requests=1), None)
    assert (p95.passed, p95.measured) == (False, None)
    assert p95.text == "p95: no requests were made, nothing to measure"
    assert requests.text == "requests 0 < 1"


def test_a_regression_compares_with_the_baseline_run() -> None:
    baseline = (12, result(p95=147.0, rps=50.0, failures=24))
    criteria = Criteria(regression={"p95_ms": "20%", "rps": "10%", "error_rate": "50%",
                                    "p50_ms": "10%"})
    verdicts = judge(result(), criteria, baseline)
    assert {v.criterion: (v.passed, v.text) for v in verdicts} == {
        "regression.p95_ms": (False, "p95 182 ms is 24% worse than run 12's 147 ms (limit 20%)"),
        "regression.rps": (False,
                           "throughput 41.0 rps is 18% worse than run 12's 50.0 rps (limit 10%)"),
        "regression.error_rate": (False,
                                  "error rate 3.2% is 221% worse than run 12's 1.0% (limit 50%)"),
        "regression.p50_ms": (True, "p50 48 ms is the same as run 12's 48 ms (limit 10%)"),
    }
    assert {v.baseline_run_id for v in verdicts} == {12}
    assert verdicts[0].measured == 182 and verdicts[0].limit == pytest.approx(0.2)
    assert [v.baseline for v in verdicts] == [147.0, 50.0, 0.01, 48.0]


def test_lower_latency_and_higher_throughput_are_improvements() -> None:
    verdicts = judge(result(p95=120.0, rps=60.0), Criteria(regression={"p95_ms": 0.1,
                                                                       "rps": 0.1}),
                     (7, result(p95=150.0, rps=50.0)))
    assert [(v.passed, v.text) for v in verdicts] == [
        (True, "p95 120 ms is 20% better than run 7's 150 ms (limit 10%)"),
        (True, "throughput 60.0 rps is 20% better than run 7's 50.0 rps (limit 10%)")]


def test_a_baseline_figure_of_zero_allows_no_increase_and_says_so() -> None:
    clean = (12, result(failures=0))
    [worse] = judge(result(), Criteria(regression={"error_rate": "20%"}), clean)
    assert (worse.passed, worse.text) == (
        False, "error rate 3.2% is worse than run 12's 0.0% (a limit of 20% of 0 allows no "
               "increase)")
    [same] = judge(result(failures=0), Criteria(regression={"error_rate": "20%"}), clean)
    assert (same.passed, same.measured) == (True, 0.0)
    assert same.text.startswith("error rate 0.0% is no worse than run 12's 0.0%")


def test_without_a_baseline_a_regression_criterion_passes_and_says_why() -> None:
    [verdict] = judge(result(), Criteria(regression={"p95_ms": "20%"}), None)
    assert (verdict.criterion, verdict.passed, verdict.measured, verdict.text) == (
        "regression.p95_ms", True, None, "no earlier passing run to compare with")


@pytest.mark.parametrize("status", [LoadStatus.INFRA_FAILED, LoadStatus.CANCELLED])
def test_a_test_that_could_not_run_is_not_judged(status: LoadStatus) -> None:
    down = result(requests=0, status=status)
    down.message = "connection refused"
    assert judge(down, Criteria(p95_ms=150), None) == []
    assert conclude(down, []) == (status, "connection refused")


def test_the_conclusion_names_each_criterion_not_met() -> None:
    measured = result()
    verdicts = judge(measured, Criteria(p95_ms=150, max_error_rate=0.01, p50_ms=100), None)
    assert conclude(measured, verdicts) == (
        LoadStatus.FAILED, "p95 182 ms > 150 ms; error rate 3.2% > 1%")
    met = judge(measured, Criteria(p95_ms=200, min_requests=1, p50_ms=100), None)
    assert conclude(measured, met) == (LoadStatus.PASSED, "3 criteria met")
    assert conclude(measured, met[:1]) == (LoadStatus.PASSED, "1 criterion met")
    assert conclude(measured, []) == (LoadStatus.PASSED,
                                      "no criteria given; 2400 requests made")


def test_settle_fills_the_verdicts_status_message_and_baseline() -> None:
    measured = settle(result(), Criteria(p95_ms=200, regression={"p95_ms": "20%"}),
                      (12, result(p95=147.0)))
    assert measured.status is LoadStatus.FAILED
    assert measured.message == "p95 182 ms is 24% worse than run 12's 147 ms (limit 20%)"
    assert measured.baseline_run_id == 12
    assert [r.outcome.value for r in measured.shard(3).results] == ["passed", "failed"]
    alone = settle(result(), Criteria(p95_ms=200), (12, result(p95=147.0)))
    assert (alone.status, alone.baseline_run_id) == (LoadStatus.PASSED, None)
