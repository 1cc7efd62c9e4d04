"""Realistic finished runs for the report renderers."""

from __future__ import annotations

import pytest

from qatron.models import (
    Outcome,
    RunStatus,
    RunSummary,
    ShardResult,
    ShardStatus,
    TestResult,
)

T0 = 1_763_800_000.0  # 2025-11-22 08:26:40 UTC
EVIL_TRACEBACK = (
    "self = <tests.api.test_payments.TestRefund object at 0x7f>\n"
    "\n"
    ">       assert refund.state == 'pending', '<script>alert(\"x\")</script> & more'\n"
    'E       AssertionError: <script>alert("x")</script> & more\n'
    "\n"
    "tests/api/test_payments.py:41: AssertionError"
)
CONTROL_OUTPUT = "login as \x1b[31mqa-bot\x1b[0m\x00\x07 done\x0b"
INFRA_MESSAGE = "pod evicted: node <ip-10-0-0-1> & out of memory | OOMKilled"


def timed(
    nodeid: str,
    outcome: Outcome,
    start: float,
    duration: float,
    shard: int,
    **extra: object,
) -> TestResult:
    """A result that ran from ``T0 + start`` for ``duration`` seconds."""
    return TestResult(
        nodeid=nodeid,
        outcome=outcome,
        duration=duration,
        shard_index=shard,
        started_at=T0 + start,
        finished_at=T0 + start + duration,
        **extra,
    )


def passing_shard() -> ShardResult:
    results = [
        timed("tests/unit/test_money.py::TestAdd::test_add[1-2]", Outcome.PASSED, 1.0, 0.8, 1),
        timed("tests/unit/test_money.py::TestAdd::test_add[0-0]", Outcome.PASSED, 1.8, 0.2, 1),
        timed("tests/unit/test_money.py::test_round", Outcome.PASSED, 2.0, 1.5, 1),
        timed(
            "tests/api/test_orders.py::test_create_order",
            Outcome.PASSED,
            3.5,
            12.0,
            1,
            attempts=2,
            flaky=True,
            output_tail="attempt 1: 503 from orders-api\nattempt 2: 201 Created",
        ),
        timed(
            "tests/api/test_orders.py::test_legacy",
            Outcome.SKIPPED,
            15.5,
            0.0,
            1,
            message="legacy API removed",
        ),
        timed(
            "tests/api/test_orders.py::test_known_bug",
            Outcome.XFAILED,
            15.5,
            0.4,
            1,
            message="bug #123: rounding",
        ),
        timed("tests/ui/test_checkout.py::test_checkout_flow", Outcome.PASSED, 16.0, 20.0, 1),
    ]
    return ShardResult(
        index=1,
        count=3,
        status=ShardStatus.PASSED,
        nodeids=[r.nodeid for r in results],
        results=results,
        started_at=T0 + 0.5,
        finished_at=T0 + 37.0,
        exit_code=0,
    )


def failing_shard() -> ShardResult:
    results = [
        timed(
            "tests/api/test_payments.py::TestRefund::test_refund_partial",
            Outcome.FAILED,
            1.0,
            4.2,
            2,
            attempts=3,
            message='AssertionError: <script>alert("x")</script> & more',
            traceback=EVIL_TRACEBACK,
            output_tail="POST /refunds -> 200",
        ),
        timed(
            "tests/api/test_payments.py::test_gateway_timeout",
            Outcome.ERROR,
            5.2,
            30.0,
            2,
            message="ConnectionError: gateway did not answer in 30 s",
            traceback="fixture 'gateway' raised ConnectionError",
        ),
        TestResult(
            nodeid="tests/api/test_payments.py::test_capture",
            outcome=Outcome.PASSED,
            duration=3.0,
            shard_index=2,
        ),
        timed("tests/api/test_payments.py::test_xpass", Outcome.XPASSED, 35.2, 0.3, 2),
        timed(
            "tests/ui/test_login.py::test_login_sso[chrome]",
            Outcome.PASSED,
            35.5,
            25.0,
            2,
            output_tail=CONTROL_OUTPUT,
        ),
    ]
    return ShardResult(
        index=2,
        count=3,
        status=ShardStatus.FAILED,
        nodeids=[r.nodeid for r in results],
        results=results,
        started_at=T0 + 0.5,
        finished_at=T0 + 61.0,
        exit_code=1,
    )


def infra_failed_shard() -> ShardResult:
    return ShardResult(
        index=3,
        count=3,
        status=ShardStatus.INFRA_FAILED,
        nodeids=[
            "tests/ui/test_search.py::test_search",
            "tests/ui/test_search.py::test_filters",
            "tests/ui/test_profile.py::test_avatar",
        ],
        started_at=T0 + 0.5,
        finished_at=T0 + 4.0,
        message=INFRA_MESSAGE,
    )


def make_summary() -> RunSummary:
    """Three shards: passed (with a flaky test), failed, infra_failed. 12 results."""
    return RunSummary(
        run_id=42,
        project="shop",
        suite="Regression Suite",
        environment="staging_EU",
        status=RunStatus.FAILED,
        shards=[passing_shard(), failing_shard(), infra_failed_shard()],
        started_at=T0,
        finished_at=T0 + 62.0,
        branch="feature/refunds",
        commit="0123456789abcdef0123456789abcdef01234567",
        message="1 of 3 shards failed on infrastructure",
    )


def make_empty_summary() -> RunSummary:
    """A completed run that collected no tests and has no times at all."""
    return RunSummary(
        run_id=7,
        project="shop",
        suite="smoke",
        environment="dev",
        status=RunStatus.COMPLETED,
    )


@pytest.fixture
def summary() -> RunSummary:
    return make_summary()


@pytest.fixture
def empty_summary() -> RunSummary:
    return make_empty_summary()
