"""The ``run-shard`` flow: one shard of a run, on whichever worker picked it up.

A ``run-suite`` flow run started with ``shard_deployment`` starts one flow run of
this flow per shard through ``run_deployment`` and collects their results:

    load the run from the results store ─► run the shard's tests against the
    environment the parent provisioned ─► save the shard

The worker needs the project and the run folder at the paths the parent uses
(the parent mounts them on Docker workers) and the same results store.
"""

from __future__ import annotations

import threading
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.states import Completed, Failed, State

from qatron.dispatch import heartbeat, heartbeat_path, remaining
from qatron.flaky import retry_policy
from qatron.models import ShardStatus
from qatron.pytest_runner import ShardSpec
from qatron.run import load_run, test_command
from tasks.results import persist_shard
from tasks.status import cancellation_watch
from tasks.tests import run_local_shard


@flow(name="run-shard", flow_run_name="run {run_id}: shard {index}/{count}")
def run_shard(
    project: str,
    run_id: int,
    index: int,
    count: int,
    nodeids: list[str],
    rootdir: str,
    deadline: float,
    coverage: bool = False,
) -> State:
    """Run one shard of a stored run and save its results.

    Args:
        project: the folder holding qatron.yml, as the parent run sees it.
        run_id: the run this shard belongs to.
        index: the shard's number, from 1.
        count: how many shards the run has.
        nodeids: the tests of this shard.
        rootdir: pytest's rootdir for the node ids.
        deadline: when the suite times out, in seconds since the epoch.
        coverage: run under coverage.py into the run's coverage folder.
    """
    ctx = load_run(project, run_id)
    command = test_command(ctx)
    if coverage:
        command.coverage_dir = ctx.run_dir / "coverage"
    suite = ctx.project.suite(ctx.suite)
    with ctx.store() as store:
        retry = retry_policy(suite, store, ctx.project_name)
    cancel = threading.Event()
    with cancellation_watch(cancel), heartbeat(heartbeat_path(ctx.run_dir, index)):
        shard = run_local_shard(ShardSpec(
            index=index, count=count, nodeids=nodeids, run_dir=ctx.run_dir, command=command,
            rootdir=Path(rootdir), deadline=remaining(deadline), retries=ctx.retries,
            cancel=cancel, retry=retry,
        ))
    persist_shard(ctx, shard)
    get_run_logger().info("shard %d/%d of run %d: %s", index, count, run_id, shard.message)
    if shard.status is ShardStatus.PASSED:
        return Completed(message=shard.message)
    return Failed(name=shard.status.value.replace("_", " ").title().replace(" ", ""),
                  message=shard.message)
