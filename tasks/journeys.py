"""A journey's steps as Prefect tasks: each step one retryable task run."""

from __future__ import annotations

import threading

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.journeys.models import JourneyResult
from qatron.journeys.run import JourneyRun
from qatron.journeys.steps import StepFailed
from qatron.run import RunContext


@task(name="journey-step", task_run_name="{step_id}", cache_policy=NO_CACHE,
      persist_result=False)
def run_journey_step(journey: JourneyRun, step_id: str,
                     cancel: threading.Event | None = None) -> str:
    """Run one step of a journey with the outputs of the steps before it.

    Its application down, the step ends without running (no retry); a failed attempt
    raises StepFailed, so the task's retries (the step's ``retries``) run it again.
    """
    logger = get_run_logger()
    down = journey.down_reason(step_id)
    if down is not None:
        journey.down(step_id, down)
        logger.warning("%s did not run: %s", step_id, journey.steps[step_id].reason)
        return "down"
    attempt = journey.attempt(step_id, cancel)
    number = journey.steps[step_id].attempts
    if attempt.passed:
        published = ", ".join(attempt.outputs) or "no outputs"
        logger.info("%s passed (attempt %d), published %s", step_id, number, published)
        return "passed"
    if attempt.cancelled:
        return "cancelled"
    raise StepFailed(f"{step_id} attempt {number}: {attempt.reason}")


@task(name="save-journey", task_run_name="save journey {result.name}", cache_policy=NO_CACHE,
      retries=2, retry_delay_seconds=1)
def save_journey(ctx: RunContext, result: JourneyResult) -> None:
    """Keep each step's result, reason and (masked) values in the results store."""
    with ctx.store() as store:
        store.save_journey(ctx.run_id, result)
