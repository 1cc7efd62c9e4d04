"""The audit trail of a run: who or what triggered it, kept with the run, and Prefect events
``qatron.run.triggered``, ``qatron.run.completed`` and ``qatron.run.failed`` about the
resource ``qatron.run.<id>``, so the Prefect UI's event feed is the audit log.

    trigger = record_run_trigger(ctx)                       # in the flow, at the start
    emit_run_event(ctx, TRIGGERED, trigger)
"""

from __future__ import annotations

from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.context import FlowRunContext
from prefect.events import emit_event

from qatron.audit import deployment_trigger, local_trigger
from qatron.run import RunContext

__all__ = ["COMPLETED", "FAILED", "TRIGGERED", "emit_run_event", "record_run_trigger",
           "resource_id"]

TRIGGERED, COMPLETED, FAILED = "qatron.run.triggered", "qatron.run.completed", "qatron.run.failed"


def resource_id(run_id: int) -> str:
    """The Prefect event resource of a QAtron run: ``qatron.run.<id>``."""
    return f"qatron.run.{run_id}"


@task(name="record-run-trigger", task_run_name="record the trigger of run {ctx.run_id}",
      retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def record_run_trigger(ctx: RunContext) -> dict[str, Any]:
    """Record who or what triggered the run (a resumed run keeps its first trigger): the
    deployment's schedule or the API caller when a deployment started the flow run, else
    the CI job or the user at this host."""
    with ctx.store() as store:
        return store.record_trigger(ctx.run_id, _this_trigger())


def _this_trigger() -> dict[str, Any]:
    context = FlowRunContext.get()
    flow_run = context.flow_run if context is not None else None
    if flow_run is None or flow_run.deployment_id is None:
        return local_trigger()
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment(flow_run.deployment_id)
        flow = client.read_flow(deployment.flow_id)
    created_by = flow_run.created_by.display_value if flow_run.created_by else None
    return deployment_trigger(f"{flow.name}/{deployment.name}", str(flow_run.id),
                              scheduled=bool(flow_run.auto_scheduled), created_by=created_by,
                              parameters=flow_run.parameters, labels=dict(flow_run.labels or {}))


def emit_run_event(ctx: RunContext, event: str, trigger: dict[str, Any] | None,
                   **payload: Any) -> None:
    """Emit ``event`` about the run (resource ``qatron.run.<id>``), related to its flow run."""
    related = []
    context = FlowRunContext.get()
    if context is not None and context.flow_run is not None:
        related.append({"prefect.resource.id": f"prefect.flow-run.{context.flow_run.id}",
                        "prefect.resource.role": "flow-run",
                        "prefect.resource.name": context.flow_run.name})
    emit_event(event=event, resource={
        "prefect.resource.id": resource_id(ctx.run_id),
        "prefect.resource.name": f"run {ctx.run_id}: {ctx.suite} on {ctx.environment}",
        "qatron.project": ctx.project_name, "qatron.suite": ctx.suite,
        "qatron.environment": ctx.environment,
        "qatron.trigger.kind": str((trigger or {}).get("kind", "unknown")),
    }, related=related, payload={"triggered_by": trigger or {}, **payload})
