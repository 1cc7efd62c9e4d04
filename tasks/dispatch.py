"""Run a shard as a flow run of a ``run-shard`` deployment and collect its result."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any
from uuid import UUID

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.context import FlowRunContext
from prefect.deployments import run_deployment
from prefect.logging import get_run_logger
from prefect.states import Cancelled, Cancelling, Crashed

from qatron.dispatch import (
    HEARTBEAT_TIMEOUT,
    heartbeat_path,
    merge_volumes,
    mounts,
    recover_shard,
    shard_parameters,
    silent_for,
)
from qatron.drivers.docker import engine
from qatron.errors import ConfigError, InfrastructureError
from qatron.models import ShardResult, ShardStatus
from qatron.run import RunContext, unsaved_shards

_POLL = 1.0
#: How long past the suite's deadline a shard's flow run may take to save its result.
GRACE = 120.0
_STOP_WAIT = 60.0
_UNCLAIMED = 60.0
_FINISHED = (ShardStatus.PASSED, ShardStatus.FAILED, ShardStatus.TIMED_OUT,
             ShardStatus.CANCELLED, ShardStatus.INFRA_FAILED)


@task(name="dispatch-shard", task_run_name="shard {index}/{count} on {deployment}",
      cache_policy=NO_CACHE)
def dispatch_shard(ctx: RunContext, deployment: str, index: int, count: int,
                   nodeids: list[str], rootdir: Path, deadline: float, coverage: bool,
                   cancel: threading.Event) -> ShardResult:
    """Start the shard's flow run, wait for it, and return the shard it saved.

    ``deadline`` is a ``time.time()`` value. A flow run that ended without saving its
    shard (crashed, cancelled, its worker gone) gives the results its tests streamed,
    the others as errors. ``cancel`` cancels the flow run.
    """
    logger = get_run_logger()
    parameters = shard_parameters(ctx, index, count, nodeids, rootdir, deadline, coverage)
    with get_client(sync_client=True) as client:
        pool_type = _pool_type(client, deployment)
        job_variables = _job_variables(client, deployment, ctx) if pool_type == "docker" \
            else None
        parent = FlowRunContext.get()
        key = f"{parent.flow_run.id}:shard-{index}" if parent else None
        flow_run = run_deployment(deployment, parameters=parameters, timeout=0,
                                  job_variables=job_variables, idempotency_key=key,
                                  tags=["qatron", f"qatron-run-{ctx.run_id}"])
        logger.info("shard %d/%d: flow run %s of %s", index, count, flow_run.name, deployment)
        state = _wait(client, flow_run.id, cancel, deadline + GRACE,
                      heartbeat_path(ctx.run_dir, index))
    saved = _saved_shard(ctx, index)
    if saved is not None and saved.status in _FINISHED:
        return saved
    how = f"{state.name}: {state.message}" if state and state.message else \
        (state.name if state else "unknown")
    status = ShardStatus.CANCELLED if cancel.is_set() else ShardStatus.INFRA_FAILED
    message = f"the shard's flow run {flow_run.name} on {deployment} ended without " \
              f"saving its results ({how})"
    if pool_type == "docker" and status is ShardStatus.INFRA_FAILED:
        message += _engine_trouble()
    return recover_shard(ctx.run_dir, index, count, nodeids, status, message)


def _deployment(client: SyncPrefectClient, deployment: str) -> Any:
    try:
        return client.read_deployment_by_name(deployment)
    except Exception as exc:
        raise ConfigError(
            f"shard_deployment {deployment!r} is not registered on the Prefect server "
            f"({type(exc).__name__}); register it with `prefect deploy --all` "
            f"(expected 'run-shard/<name>')") from None


def _pool_type(client: SyncPrefectClient, deployment: str) -> str | None:
    found = _deployment(client, deployment)
    return client.read_work_pool(found.work_pool_name).type if found.work_pool_name else None


def _job_variables(client: SyncPrefectClient, deployment: str, ctx: RunContext
                   ) -> dict[str, Any]:
    """A Docker pool's containers get the project, the run folder and a SQLite store."""
    configured = list((_deployment(client, deployment).job_variables or {}).get("volumes")
                      or [])
    return {"volumes": merge_volumes(configured, mounts(ctx))}


def _engine_trouble() -> str:
    """Why a Docker shard may have died: this host's engine no longer answering."""
    try:
        engine().ping()
    except InfrastructureError as exc:
        return f"; {exc}"
    except Exception as exc:  # the engine went away between connecting and the ping
        return f"; the Docker engine stopped answering ({type(exc).__name__}: {exc})"
    return ""


def _wait(client: SyncPrefectClient, flow_run_id: UUID, cancel: threading.Event,
          give_up_at: float, alive: Path) -> Any:
    """The flow run's final state; cancel it on ``cancel`` or once ``give_up_at`` passes.

    A running flow run whose heartbeat (``alive``) stops is lost: it is marked Crashed.
    """
    stopping_since: float | None = None
    waiting_since, warned = time.monotonic(), False
    running_since: float | None = None
    while True:
        state = client.read_flow_run(flow_run_id).state
        if state is not None and state.is_final():
            return state
        if state is not None and state.is_running():
            running_since = running_since or time.time()
            silent = silent_for(alive, running_since)
            if silent > HEARTBEAT_TIMEOUT:
                lost = Crashed(message=f"no heartbeat from the shard for {silent:.0f} s: its "
                                       f"container, worker or machine is gone")
                client.set_flow_run_state(flow_run_id, lost, force=True)
                return lost
        unclaimed = state is None or state.is_scheduled() or state.is_pending()
        if stopping_since is None and (cancel.is_set() or time.time() > give_up_at):
            # a run no worker has started yet has nothing to stop: cancel it outright
            client.set_flow_run_state(flow_run_id, Cancelled() if unclaimed else Cancelling(),
                                      force=True)
            stopping_since = time.monotonic()
        elif unclaimed and not warned and time.monotonic() - waiting_since > _UNCLAIMED:
            get_run_logger().warning("flow run %s waits for a worker: is one polling its "
                                     "work pool?", flow_run_id)
            warned = True
        elif stopping_since is not None and time.monotonic() - stopping_since > _STOP_WAIT:
            return state
        time.sleep(_POLL)


def _saved_shard(ctx: RunContext, index: int) -> ShardResult | None:
    """The shard its flow run saved: in the store, or kept in the run folder."""
    kept = next((shard for _, shard in unsaved_shards(ctx.run_dir) if shard.index == index),
                None)
    if kept is not None:
        return kept
    with ctx.store() as store:
        summary = store.load_summary(ctx.run_id)
    return next((s for s in summary.shards if s.index == index), None) if summary else None
