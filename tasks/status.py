"""Record where a run is, in the results store and as the flow run's state name."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import StateType
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


@contextmanager
def cancellation_watch(cancel: threading.Event, interval: float = 1.0) -> Iterator[None]:
    """Set ``cancel`` when the flow run is cancelled from the Prefect UI or API.

    A worker stops a cancelled deployment run by signalling its process; a run
    started by ``qatron run`` has no worker, so this thread polls its state.
    """
    flow_run = FlowRunContext.get()
    if flow_run is None:
        yield
        return
    done = threading.Event()

    def poll() -> None:
        with get_client(sync_client=True) as client:
            while not done.wait(interval):
                try:
                    state = client.read_flow_run(flow_run.flow_run.id).state
                except Exception:  # the API being briefly unreachable is not a cancel
                    continue
                if state is not None and state.type in (StateType.CANCELLING,
                                                        StateType.CANCELLED):
                    cancel.set()
                    return

    context = contextvars.copy_context()  # the thread must see this run's Prefect settings
    watcher = threading.Thread(target=context.run, args=(poll,), name="qatron-cancel-watch",
                               daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join(timeout=5)
