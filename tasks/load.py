"""A load test as a Prefect task: Locust in processes of its own, judged once it ends."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from uuid import UUID

from prefect import task
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment
from prefect.logging import get_run_logger
from prefect.states import Cancelling

from qatron.load.config import LoadTest
from qatron.load.criteria import conclude, judge
from qatron.load.hints import bottleneck_hints
from qatron.load.models import LoadResult, LoadStatus
from qatron.load.runner import LoadRequest, Progress, run_load
from qatron.load.target import resolve_target
from qatron.processes import project_mark
from qatron.run import RunContext, test_environ
from qatron.services import RunningEnvironment

#: Seconds between two updates of the live progress artifact.
PROGRESS_EVERY = 2.0


@task(name="load-test", task_run_name="load test {name}", cache_policy=NO_CACHE,
      persist_result=False)
def run_load_test(ctx: RunContext, name: str, environment: RunningEnvironment,
                  cancel: threading.Event | None = None) -> LoadResult:
    """Send the load test's load to its target, then judge it against its criteria and
    the last passing run of it; a progress artifact follows it live. With a
    ``worker_deployment``, the workers are flow runs of it on its work pool."""
    spec = ctx.project.load_test(name)
    section = ctx.project.config.load_tests
    target = resolve_target(name, spec, environment, section.allowed_hosts)
    logger = get_run_logger()
    logger.info("load test %s: %d users, %s, %.0f s on %s", name, spec.shape.peak_users,
                spec.shape.pattern, spec.shape.length, target.url)
    live = _LiveArtifact(name, spec.shape.length)
    folder = ctx.run_dir / "load" / name
    remote = _RemoteWorkers(ctx, spec, folder) if spec.worker_deployment else None
    try:
        result = run_load(LoadRequest(
            name=name, spec=spec, target_url=target.url, folder=folder,
            cwd=ctx.project.root, project_mark=project_mark(ctx.project.root),
            cancel=cancel, on_progress=live.update, target_pids=target.pids,
            target_containers=target.containers, env=test_environ(ctx),
            remote_workers=remote.start if remote else None))
    finally:
        if remote is not None:
            remote.wait()
    if result.status is LoadStatus.PASSED:
        with ctx.store() as store:
            baseline = store.load_baseline(ctx.project_name, name, before_run_id=ctx.run_id)
        result.verdicts = judge(result, spec.criteria, baseline)
        result.status, result.message = conclude(result, result.verdicts)
        result.baseline_run_id = baseline[0] if baseline else None
    result.hints = bottleneck_hints(result)
    live.finish(result)
    logger.info("load test %s %s: %s", name, result.status.value, result.message)
    return result


class _LiveArtifact:
    """A Prefect progress artifact: how far the load test is, users, throughput, p95."""

    def __init__(self, name: str, length: float) -> None:
        self.length = max(length, 1.0)
        self.last = 0.0
        self.id: UUID | None = None
        self.name = name

    def update(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        done = min(100.0, 100.0 * progress.elapsed / self.length)
        text = (f"load test {self.name}: {progress.users} users, {progress.rps:.1f} rps, "
                f"p95 {progress.p95_ms:.0f} ms, {progress.failures} failures of "
                f"{progress.requests} requests")
        if self.id is None:
            self.id = create_progress_artifact(progress=done, description=text)
        else:
            update_progress_artifact(self.id, progress=done, description=text)

    def finish(self, result: LoadResult) -> None:
        text = f"load test {self.name} {result.status.value}: {result.message}"
        if self.id is None:
            self.id = create_progress_artifact(progress=100.0, description=text)
        else:
            update_progress_artifact(self.id, progress=100.0, description=text)


class _RemoteWorkers:
    """The load test's workers as flow runs of its ``worker_deployment``."""

    def __init__(self, ctx: RunContext, spec: LoadTest, folder: Path) -> None:
        self.ctx, self.spec, self.folder = ctx, spec, folder
        self.flow_runs: list[UUID] = []

    def start(self, host: str, port: int) -> None:
        deployment = self.spec.worker_deployment or ""
        deadline = time.time() + self.spec.shape.length + self.spec.stop_timeout + 600
        for index in range(1, self.spec.workers + 1):
            flow_run = run_deployment(
                deployment, timeout=0, tags=["qatron", f"qatron-run-{self.ctx.run_id}"],
                parameters={"locustfile": str(self.folder / "locustfile.py"),
                            "master_host": host, "master_port": port, "deadline": deadline,
                            "project": str(self.ctx.project.root),
                            "env": test_environ(self.ctx)})
            self.flow_runs.append(flow_run.id)
            get_run_logger().info("load worker %d: flow run %s of %s", index, flow_run.name,
                                  deployment)

    def wait(self, timeout: float = 30.0) -> None:
        """Wait for the worker flow runs to end (the master ended them); cancel those that
        do not."""
        deadline = time.monotonic() + timeout
        with get_client(sync_client=True) as client:
            for flow_run_id in self.flow_runs:
                while time.monotonic() < deadline:
                    state = client.read_flow_run(flow_run_id).state
                    if state is None or state.is_final():
                        break
                    time.sleep(1.0)
                else:
                    client.set_flow_run_state(flow_run_id, Cancelling(), force=True)


@task(name="save-load-test", task_run_name="save load test {result.name}",
      cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
def save_load_test(ctx: RunContext, result: LoadResult) -> None:
    """Keep the load test's figures, verdicts and hints in the results store."""
    with ctx.store() as store:
        store.save_load_result(ctx.run_id, result)
