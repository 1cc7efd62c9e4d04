"""Hints at a load test's bottleneck, read from constructed results with realistic figures."""

from __future__ import annotations

from qatron.load.hints import bottleneck_hints
from qatron.load.models import (
    EndpointStats,
    ErrorGroup,
    LoadResult,
    LoadStatus,
    ResourceSample,
    TimePoint,
)

T0 = 1_764_770_000.0


def healthy() -> LoadResult:
    """60 s ramping to 20 users against a target that copes: similar endpoints, no errors,
    p95 flat, CPU at half of one core, memory steady."""
    return LoadResult(
        "payments", "http://127.0.0.1:8002", LoadStatus.PASSED, started_at=T0,
        finished_at=T0 + 60, users_peak=20,
        total=EndpointStats("Aggregated", requests=4_800, rps=80.0, p50_ms=18, p95_ms=41),
        endpoints=[EndpointStats("/health", "GET", 1_200, p95_ms=30.0),
                   EndpointStats("/payments", "POST", 2_400, p95_ms=44.0),
                   EndpointStats("/payments/{id}", "GET", 1_200, p95_ms=38.0)],
        timeline=[TimePoint(T0 + i, min(20, 1 + i // 3), 4.0 * min(20, 1 + i // 3), 0.0,
                            18.0, 38.0 + (i % 3)) for i in range(60)],
        resources=[ResourceSample(T0 + 5 * i, 45.0 + (i % 2) * 5, 210.0 + (i % 3))
                   for i in range(12)])


def test_a_healthy_test_gets_no_hint() -> None:
    assert bottleneck_hints(healthy(), cores=4) == []
    assert bottleneck_hints(LoadResult("x", "http://x", LoadStatus.INFRA_FAILED)) == []


def test_an_endpoint_far_slower_than_the_median_is_named() -> None:
    slow = healthy()
    slow.endpoints += [EndpointStats("/search", "GET", 900, p95_ms=820.0),
                       EndpointStats("/reports", "GET", 300, p95_ms=310.0)]
    assert bottleneck_hints(slow, cores=4) == [
        "GET /search is the slowest endpoint: p95 820 ms, 18.6× the median endpoint's 44 ms.",
        "GET /reports is slow too: p95 310 ms, 7.0× the median endpoint's 44 ms."]


def test_each_error_says_how_often_where_and_when_it_began() -> None:
    failing = healthy()
    failing.errors = [
        ErrorGroup("POST", "/payments", "HTTPError 503", 310, first_seen=T0 + 14.4),
        ErrorGroup("GET", "/payments/{id}", "HTTPError 503", 102, first_seen=T0 + 21.0),
        ErrorGroup("POST", "/payments", "ConnectionResetError", 1, first_seen=None),
    ]
    for point in failing.timeline[31:]:
        point.failures_per_s = 6.5
    assert bottleneck_hints(failing, cores=4) == [
        "HTTPError 503: 412 failures (POST /payments, GET /payments/{id}), the first 14 s "
        "into the test.",
        "ConnectionResetError: 1 failure (POST /payments), the first 31 s into the test."]


def test_latency_that_rises_past_a_number_of_users_shows_the_knee() -> None:
    knee = healthy()
    for point in knee.timeline:
        point.p95_ms = 32.0 + 0.4 * point.users if point.users <= 12 else \
            36.8 + 8.0 * (point.users - 12)
    assert bottleneck_hints(knee, cores=4) == [
        "p95 stays under 40 ms up to 12 users, then grows 8 ms per user "
        "(to 101 ms at 20 users)."]


def test_latency_that_grows_evenly_with_users_has_no_knee() -> None:
    even = healthy()
    for point in even.timeline:
        point.p95_ms = 20.0 + 5.0 * point.users
    assert bottleneck_hints(even, cores=4) == []


def test_cpu_near_every_core_is_cpu_bound() -> None:
    busy = healthy()
    busy.resources = [ResourceSample(T0 + 5 * i, 150.0 if i < 3 else 388.0 + i % 3, 230.0)
                      for i in range(12)]
    assert bottleneck_hints(busy, cores=4) == [
        "The target used 390% CPU at its busiest (98% of 4 cores): it is CPU-bound."]


def test_one_full_core_of_several_suggests_a_single_threaded_server() -> None:
    busy = healthy()
    busy.resources = [ResourceSample(T0 + 5 * i, 99.0 + i % 2, 230.0) for i in range(12)]
    assert bottleneck_hints(busy, cores=8) == [
        "The target used 100% CPU at its busiest, one core's worth of 8: a single-threaded "
        "server, bound to one core?"]


def test_memory_that_grows_steadily_may_be_a_leak() -> None:
    leaking = healthy()
    leaking.resources = [ResourceSample(T0 + 5 * i, 40.0, 220.0 + 15.0 * i + (i % 2))
                         for i in range(13)]
    assert bottleneck_hints(leaking, cores=4) == [
        "memory grew 180 MB over the test (220 MB → 400 MB): a leak?"]
    jumpy = healthy()  # one jump, then flat: a cache warming up, not steady growth
    jumpy.resources = [ResourceSample(T0 + 5 * i, 40.0, 220.0 if i == 0 else 400.0)
                       for i in range(13)]
    assert bottleneck_hints(jumpy, cores=4) == []
