"""Record where a run is, in the results store and as the flow run's state name."""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import StateType
from prefect.context import (
    GLOBAL_SETTINGS_CONTEXT,
    FlowRunContext,
    SettingsContext,
    get_settings_context,
)
from prefect.logging import get_run_logger
from prefect.settings import (
    PREFECT_API_REQUEST_TIMEOUT,
    PREFECT_CLIENT_MAX_RETRIES,
    Settings,
    get_current_settings,
)
from prefect.states import Crashed, Running, State

from qatron.errors import StoreError
from qatron.models import RunStatus
from qatron.owners import owner_stamp
from qatron.run import RunContext, with_store

#: Seconds a flow run state update may take.
API_TIMEOUT = 5.0
_api_gone = threading.Event()
#: Per settings object (by id): it, and it with no retries and API_TIMEOUT (``_impatient``).
_impatient_settings: dict[int, tuple[Settings, Settings]] = {}


def link_flow_run(ctx: RunContext) -> str | None:
    """Store the id of the flow run executing this run, and this process as its owner;
    return the id.

    The flow run it replaces (a resumed run's, whose process died) is marked Crashed.
    """
    flow_run = FlowRunContext.get()
    with ctx.store() as store:
        record = store.get_run(ctx.run_id)
        store.set_owner(ctx.run_id, owner_stamp())
        if flow_run is None:
            return None
        store.update_run(ctx.run_id, flow_run_id=str(flow_run.flow_run.id))
    previous = record.flow_run_id if record else None
    if previous and previous != str(flow_run.flow_run.id):
        _crash(previous, f"its process died; run {ctx.run_id} goes on in flow run "
                         f"{flow_run.flow_run.name}")
    return str(flow_run.flow_run.id)


def _crash(flow_run_id: str, message: str) -> None:
    """Mark a flow run that is not final Crashed."""
    with get_client(sync_client=True) as client:
        try:
            state = client.read_flow_run(UUID(flow_run_id)).state
        except Exception as exc:  # noqa: BLE001 - gone from the server: nothing to mark
            get_run_logger().debug("flow run %s not read: %s", flow_run_id, exc)
            return
        if state is None or not state.is_final():
            client.set_flow_run_state(UUID(flow_run_id), Crashed(message=message), force=True)


def mark_status(ctx: RunContext, status: RunStatus, message: str | None = None) -> None:
    """Store ``status``; while the run is in progress, show it in the Prefect UI too.

    The final status reaches Prefect as the state the flow returns. A final status is
    retried while the store refuses it (the store patience); an in-between one is
    tried once, and a store that refuses it is only logged.
    """
    try:
        with_store(ctx, lambda store: store.set_status(ctx.run_id, status, message),
                   patience=None if status.terminal else 0)
    except StoreError as exc:
        if status.terminal:
            raise
        get_run_logger().warning("status %s not stored: %s", status.value, exc)
    flow_run = FlowRunContext.get()
    if flow_run is None or status.terminal:
        return
    show_in_prefect(flow_run.flow_run.id, Running(name=status.state_name, message=message))


def show_in_prefect(flow_run_id: UUID, state: State) -> None:
    """Set the flow run's state, best effort (see :func:`best_effort`)."""
    def update() -> None:
        with get_client(sync_client=True) as client:
            client.set_flow_run_state(flow_run_id, state, force=True)

    best_effort(f"flow run state {state.name}", update)


def best_effort(what: str, call: Callable[[], object]) -> None:
    """Call the Prefect API through ``call``: the results store is the run's record, so a
    Prefect API that fails is not a reason to stop.

    One try within :data:`API_TIMEOUT`; a Prefect API that fails it is logged in one
    line and taken as gone (:func:`prefect_api_gone`): later calls are skipped, and
    Prefect's own remaining calls of this process are not retried.
    """
    if prefect_api_gone():
        return
    try:
        with _impatient():
            call()
    except Exception as exc:  # noqa: BLE001 - any failure: Prefect only mirrors the store
        _api_gone.set()
        for settings in {id(s): s for s in _settings()}.values():
            settings.client.max_retries = 0
        text = " ".join(str(exc).split())[:200] or "no answer"
        get_run_logger().warning("%s not sent: the Prefect API failed (%s: %s); the run "
                                 "goes on, recorded in the results store only", what,
                                 type(exc).__name__, text)


@contextmanager
def _impatient() -> Iterator[None]:
    """The current Prefect settings with one try of :data:`API_TIMEOUT` per request, as
    ``temporary_settings`` makes them, made once per settings object: making them costs a
    quarter of a second, and each run marks its status several times."""
    context = get_settings_context()
    base, settings = _impatient_settings.get(id(context.settings), (None, None))
    if base is not context.settings or settings is None:
        base, settings = context.settings, context.settings.copy_with_update(updates={
            PREFECT_CLIENT_MAX_RETRIES: 0, PREFECT_API_REQUEST_TIMEOUT: API_TIMEOUT})
        _impatient_settings[id(base)] = (base, settings)
    with SettingsContext(profile=context.profile, settings=settings):
        yield


def release_prefect(timeout: float = 3.0) -> bool:
    """When the Prefect API is gone, give Prefect's log and event workers ``timeout``
    seconds to stop; whether they did (True too when the API is not gone)."""
    if not prefect_api_gone():
        return True
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    deadline = time.monotonic() + timeout
    for worker in (APILogWorker, EventsWorker):
        _, pending = worker.drain_all(timeout=max(deadline - time.monotonic(), 0.1))
        if pending:
            return False
    return True


def prefect_api_gone() -> bool:
    """Whether a state update found the Prefect API gone in this process."""
    return _api_gone.is_set()


def _settings() -> list[Settings]:
    settings = [get_current_settings()]
    if GLOBAL_SETTINGS_CONTEXT is not None:
        settings.append(GLOBAL_SETTINGS_CONTEXT.settings)
    return settings


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
                if prefect_api_gone():
                    return
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
