"""Record where a run is, in the results store and as the flow run's state name."""

from __future__ import annotations

from prefect.client.orchestration import get_client
from prefect.context import FlowRunContext
from prefect.states import Running

from qatron.models import RunStatus
from qatron.run import RunContext


def link_flow_run(ctx: RunContext) -> str | None:
    """Store the id of the flow run executing this run; return it."""
    flow_run = FlowRunContext.get()
    if flow_run is None:
        return None
    store = ctx.store()
    try:
        store.update_run(ctx.run_id, flow_run_id=str(flow_run.flow_run.id))
    finally:
        store.close()
    return str(flow_run.flow_run.id)


def mark_status(ctx: RunContext, status: RunStatus, message: str | None = None) -> None:
    """Store ``status``; while the run is in progress, show it in the Prefect UI too.

    The final status reaches Prefect as the state the flow returns.
    """
    store = ctx.store()
    try:
        store.set_status(ctx.run_id, status, message)
    finally:
        store.close()
    flow_run = FlowRunContext.get()
    if flow_run is None or status.terminal:
        return
    with get_client(sync_client=True) as client:
        client.set_flow_run_state(
            flow_run.flow_run.id, Running(name=status.state_name, message=message), force=True
        )
