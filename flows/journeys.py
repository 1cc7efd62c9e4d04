"""A run's journeys: each a graph of ``journey-step`` task runs on the run's environment.

A step starts as soon as every step it depends on has passed, so independent steps run
at the same time; each is retried as its ``retries`` say; a step whose dependency did
not pass is skipped with the reason. Each journey becomes a shard of the run (its steps
the results), and its steps' records go to the results store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from prefect import get_run_logger
from prefect.futures import PrefectFuture, as_completed

from qatron.errors import StoreError
from qatron.journeys.health import application_down
from qatron.journeys.models import JourneyResult
from qatron.journeys.run import JourneyRun
from qatron.journeys.steps import StepFailed
from qatron.models import RunStatus, ShardResult
from qatron.run import RunContext, test_environ
from qatron.services import RunningEnvironment
from tasks.journeys import run_journey_step, save_journey
from tasks.status import mark_status

#: Seconds between a failed attempt of a step and its retry.
RETRY_DELAY = 1


def run_journeys(ctx: RunContext, environment: RunningEnvironment, cancel: threading.Event,
                 keep: Callable[[ShardResult], None], after: int = 0) -> list[JourneyResult]:
    """Run the suite's journeys one after the other; ``keep`` stores each as a shard,
    numbered from ``after + 1`` (after the shards of the suite's tests)."""
    results = []
    for offset, name in enumerate(ctx.suite_config.journeys, start=1):
        journey = JourneyRun(ctx.project, name, ctx.run_dir, test_environ(ctx),
                             health=lambda app: application_down(ctx.project, environment, app))
        mark_status(ctx, RunStatus.RUNNING, f"journey {name}: {len(journey.plan.order)} steps")
        try:
            _drive(journey, cancel)
        finally:
            result = journey.result()
            results.append(result)
            keep(result.shard(after + offset))
            _save(ctx, result)
        get_run_logger().info("%s", result.message())
    return results


def _drive(journey: JourneyRun, cancel: threading.Event) -> None:
    """Submit each step once its dependencies passed; end each as its task run ends."""
    logger = get_run_logger()
    running: dict[PrefectFuture[str], str] = {}
    try:
        while True:
            if cancel.is_set():
                journey.cancel_pending()
            else:
                for step_id in journey.ready():
                    step = journey.journey.step(step_id)
                    task = run_journey_step.with_options(retries=step.retries,
                                                         retry_delay_seconds=RETRY_DELAY)
                    running[task.submit(journey, step_id, cancel)] = step_id
            if not running:
                return
            done = next(as_completed(list(running)))
            step_id = running.pop(done)
            result = journey.finish(step_id, cancelled=cancel.is_set(), error=_error(done))
            logger.info("%s %s%s", step_id, result.status.value,
                        f": {result.reason}" if result.reason else "")
    except BaseException:
        cancel.set()
        for future in running:
            future.wait()
            journey.finish(running[future], cancelled=True)
        journey.cancel_pending()
        raise


def _error(future: PrefectFuture[str]) -> str | None:
    """Why a step's task run failed, if not by a failed attempt (which the step keeps)."""
    if not future.state.is_failed():
        return None
    exc: object = future.result(raise_on_failure=False)
    if isinstance(exc, StepFailed) or not isinstance(exc, BaseException):
        return None
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


def _save(ctx: RunContext, result: JourneyResult) -> None:
    state = save_journey(ctx, result, return_state=True)
    if not state.is_completed():
        try:
            state.result()
        except StoreError as exc:
            get_run_logger().error("journey %s not stored: %s", result.name, exc)
