"""Run webhooks and the run's audit events, at its start and its end.

The flow calls :func:`announce_start` once the run is recorded and :func:`announce_end`
once its final status is stored. Neither ever fails the run: a receiver that is down is
retried (:mod:`qatron.webhooks`) and then logged, and so is a store or API that refused.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.config_webhooks import RUN_STARTED
from qatron.failures.notify import Delivery
from qatron.models import RunStatus
from qatron.run import RunContext
from qatron.webhooks import end_event, run_payload, send_run_event
from tasks.audit import COMPLETED, FAILED, TRIGGERED, emit_run_event, record_run_trigger

__all__ = ["announce_end", "announce_start", "send_run_webhooks"]


@task(name="send-run-webhooks", task_run_name="send {event} of run {ctx.run_id}",
      cache_policy=NO_CACHE)
def send_run_webhooks(ctx: RunContext, event: str, trigger: dict[str, Any] | None
                      ) -> list[Delivery]:
    """Send ``event`` about the run, as stored now, to the receivers of qatron.yml's
    ``webhooks:`` that want it; each at most once per run (claimed in the store)."""
    receivers = ctx.project.config.webhooks
    if not _wanted(ctx, event):
        return []
    logger = get_run_logger()
    with ctx.store() as store:
        record = store.get_run(ctx.run_id)
        if record is None:
            return []
        body = run_payload(event, record, report_url=_report_url(ctx), triggered_by=trigger)
        deliveries = send_run_event(store, ctx.run_id, event, receivers, body,
                                    by=f"{socket.gethostname()}:{os.getpid()}",
                                    log=logger.warning)
    for delivery in deliveries:
        if not delivery.ok:
            logger.warning("webhook %s did not take %s of run %d: %s",
                           delivery.team.removeprefix("webhook:"), event, ctx.run_id,
                           delivery.detail)
    return deliveries


def announce_start(ctx: RunContext) -> dict[str, Any] | None:
    """Record the run's trigger, emit ``qatron.run.triggered`` and send ``run.started``."""
    trigger = None
    try:
        trigger = record_run_trigger(ctx)
        emit_run_event(ctx, TRIGGERED, trigger)
    except Exception as exc:  # noqa: BLE001 - the audit trail never stops a run
        get_run_logger().warning("run %d: trigger not recorded: %s", ctx.run_id, exc)
    if _wanted(ctx, RUN_STARTED):
        send_run_webhooks(ctx, RUN_STARTED, trigger, return_state=True)
    return trigger


def announce_end(ctx: RunContext, trigger: dict[str, Any] | None) -> None:
    """Emit ``qatron.run.completed`` or ``qatron.run.failed`` and send ``run.completed`` or
    ``run.failed``, from the final status stored (``trigger``: what announce_start gave)."""
    try:
        with ctx.store() as store:
            record = store.get_run(ctx.run_id)
    except Exception as exc:  # noqa: BLE001 - the store is down: the run's end says so
        get_run_logger().warning("run %d: end not announced: %s", ctx.run_id, exc)
        return
    if record is None or not record.status.terminal:
        return
    completed = record.status is RunStatus.COMPLETED
    try:
        emit_run_event(ctx, COMPLETED if completed else FAILED, trigger,
                       status=record.status.value, message=record.message,
                       counts=record.counts)
    except Exception as exc:  # noqa: BLE001
        get_run_logger().warning("run %d: event not emitted: %s", ctx.run_id, exc)
    if _wanted(ctx, end_event(record.status)):
        send_run_webhooks(ctx, end_event(record.status), trigger, return_state=True)


def _wanted(ctx: RunContext, event: str) -> bool:
    """Whether a receiver wants ``event`` (no task run for a project without webhooks)."""
    return any(receiver.wants(event) for receiver in ctx.project.config.webhooks.values())


def _report_url(ctx: RunContext) -> str:
    return (ctx.run_dir / "report.html").resolve().as_uri()
