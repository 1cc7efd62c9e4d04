"""The ``run-load-worker`` flow: one Locust worker of a load test, on a work pool's worker.

A load test with ``worker_deployment: run-load-worker/<name>`` starts its master where
the run is, then one flow run of this flow per worker; each connects to the master and
sends load until the master ends the test. The worker machine needs the run folder
(where the locustfile is) at the path the master uses, as ``run-shard`` does.
"""

from __future__ import annotations

import threading
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.context import FlowRunContext
from prefect.states import Completed, Failed, State

from qatron.load.remote import run_worker
from tasks.status import cancellation_watch


@flow(name="run-load-worker", flow_run_name="load worker for {master_host}:{master_port}")
def run_load_worker(locustfile: str, master_host: str, master_port: int,
                    deadline: float, project: str | None = None,
                    env: dict[str, str] | None = None) -> State:
    """Run one Locust worker for a load test's master.

    Args:
        locustfile: the locustfile the master runs (a path both machines see).
        master_host: the master's address.
        master_port: the master's port for workers.
        deadline: a Unix time after which the worker stops whatever happens.
        project: the project folder, to mark the worker's processes as the project's.
        env: variables the worker's Locust process gets (the run's environment file).
    """
    context = FlowRunContext.get()
    name = str(context.flow_run.id) if context and context.flow_run else "worker"
    path = Path(locustfile)
    cancel = threading.Event()
    with cancellation_watch(cancel):
        code = run_worker(path, master_host, master_port,
                          path.parent / "logs" / f"remote-worker-{name}.log", deadline,
                          cancel, project, env)
    get_run_logger().info("load worker ended (exit code %s)", code)
    if code == 0:
        return Completed(message="the master ended the test")
    how = "was stopped" if code is None else f"exited with code {code}"
    return Failed(message=f"the Locust worker {how}")
