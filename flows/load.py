"""A run's load tests, one after the other, on the run's environment.

Each becomes a shard of the run (one result per criterion) and rows of the results
store; a load test that raised (a target load may not go to, Locust that would not
start) is an ``infra_failed`` shard with the reason.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from prefect import get_run_logger
from prefect.futures import PrefectFuture

from flows.signals import uninterrupted
from qatron.errors import StoreError
from qatron.load.models import LoadResult, LoadStatus
from qatron.models import RunStatus, ShardResult
from qatron.run import RunContext
from qatron.services import RunningEnvironment
from tasks.load import run_load_test, save_load_test
from tasks.status import mark_status


def run_load_tests(ctx: RunContext, environment: RunningEnvironment, cancel: threading.Event,
                   keep: Callable[[ShardResult], None], after: int = 0,
                   results: list[LoadResult] | None = None) -> list[LoadResult]:
    """Run the suite's load tests; ``keep`` stores each as a shard numbered from
    ``after + 1``. Each result is appended to ``results`` as it ends, also when a signal
    stops the run."""
    results = [] if results is None else results
    for offset, name in enumerate(ctx.suite_config.load_tests, start=1):
        if cancel.is_set():
            break
        mark_status(ctx, RunStatus.RUNNING, f"load test {name}")
        future = run_load_test.submit(ctx, name, environment, cancel)
        try:
            future.wait()
        except BaseException:  # a signal: stop Locust, keep its figures, then go on stopping
            cancel.set()
            with uninterrupted():
                future.wait()
                _keep(ctx, _result(ctx, name, future), after + offset, results, keep)
            raise
        _keep(ctx, _result(ctx, name, future), after + offset, results, keep)
    return results


def _result(ctx: RunContext, name: str, future: PrefectFuture[LoadResult]) -> LoadResult:
    """The load test's result; one that raised (a target load may not go to, Locust that
    would not start) is infra_failed with the reason."""
    if future.state.is_completed():
        return future.result()
    exc = future.result(raise_on_failure=False)
    return LoadResult(name=name, target=ctx.project.load_test(name).target,
                      status=LoadStatus.INFRA_FAILED,
                      message=f"{type(exc).__name__}: {' '.join(str(exc).split())}")


def _keep(ctx: RunContext, result: LoadResult, index: int, results: list[LoadResult],
          keep: Callable[[ShardResult], None]) -> None:
    results.append(result)
    keep(result.shard(index))
    _save(ctx, result)


def _save(ctx: RunContext, result: LoadResult) -> None:
    state = save_load_test(ctx, result, return_state=True)
    if not state.is_completed():
        try:
            state.result()
        except StoreError as exc:
            get_run_logger().error("load test %s not stored: %s", result.name, exc)
