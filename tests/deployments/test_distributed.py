"""Shards as flow runs of ``run-shard`` deployments on real process and Docker workers.

The run-suite flow runs in this process against the session's Prefect server;
its shards run on workers started here from ``prefect worker start``: two
Docker workers (one flow run at a time each) on ``qatron-docker``, whose
containers come from the locally built ``qatron-worker:local`` image, and a
process worker on ``qatron-process``. Faults: a worker killed with SIGKILL in
the middle of a shard, the Docker engine stopped in the middle of a run, and
the run cancelled through the API.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags
from prefect.states import Cancelling

from flows.run_suite import run_suite
from qatron.models import Outcome, RunStatus, ShardStatus
from qatron.processes import stop_group
from qatron.store import ResultsStore, default_database_url
from tests.deployments.conftest import POOLS, prefect, start_worker
from tests.fixtures.docker import labelled
from tests.projects import REPO, copy_shop, qatron, write_project

pytestmark = pytest.mark.server

WORKER_IMAGE = REPO / "deployments" / "docker" / "worker-image.sh"
ENGINE = REPO / "deployments" / "docker" / "engine.sh"


@pytest.fixture(scope="module")
def worker_image(docker_engine: Any) -> None:
    """qatron-worker:local, built from this checkout (seconds when only the code changed)."""
    built = subprocess.run([str(WORKER_IMAGE)], capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr


class Workers:
    """Workers started for one test; all stopped at its end."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env, self.log_dir = env, log_dir
        self.started: list[subprocess.Popen] = []

    def start(self, pool: str, name: str) -> subprocess.Popen:
        """A worker running one flow run at a time."""
        worker = start_worker(self.env, pool, "--name", name, "--limit", "1",
                              log=self.log_dir / f"{name}.log")
        self.started.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.started:
            stop_group(worker, timeout=15)


@pytest.fixture
def workers(registered: dict[str, str], worker_image: None, tmp_path: Path
            ) -> Iterator[Workers]:
    started = Workers(registered, tmp_path)
    try:
        yield started
    finally:
        started.stop()


def slow_project(root: Path, seconds: float) -> Path:
    """Four tests in two files, each sleeping ``seconds``; one fails."""
    body = f"import time\n\n\ndef test_a():\n    time.sleep({seconds})\n\n\n" \
           f"def test_b():\n    time.sleep({seconds})\n"
    return write_project(root, """
        project: slow
        suites: {all: {shards: 2, timeout: 300}}
    """, {"tests/test_one.py": body,
          "tests/test_two.py": body + "\n\ndef test_fails():\n    assert 1 + 1 == 3\n"})


def shard_flow_runs(project: Path, run_id: int) -> list[Any]:
    """The run-shard flow runs of run ``run_id`` of the project at ``project``."""
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(
            tags=FlowRunFilterTags(all_=[f"qatron-run-{run_id}"])))
    return [run for run in runs if run.parameters.get("project") == str(project)]


def last_run(project: Path) -> Any:
    with ResultsStore(default_database_url(project)) as store:
        run = store.list_runs(limit=1)[0]
        return run, store.load_summary(run.id)


def wait_for_running_shards(project: Path, count: int, timeout: float = 180) -> list[Any]:
    """Poll the results store and Prefect until ``count`` shard flow runs are running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            run, _ = last_run(project)
        except (IndexError, Exception):
            time.sleep(0.5)
            continue
        running = [r for r in shard_flow_runs(project, run.id) if r.state and r.state.is_running()]
        if len(running) >= count:
            return running
        time.sleep(0.5)
    raise AssertionError(f"{count} shard flow runs were not running within {timeout} s")


def containers_of(docker_engine: Any, flow_runs: list[Any], within: float = 30) -> list[str]:
    """The flow runs' containers still there ``within`` seconds (the engine removes an
    auto_remove container just after its flow run reported its final state)."""
    ids = {str(run.id) for run in flow_runs}
    deadline = time.monotonic() + within
    while True:
        left = [c["Id"] for c in labelled(docker_engine, "io.prefect.flow-run-id")
                if c["Labels"]["io.prefect.flow-run-id"] in ids]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.5)


def test_shards_run_as_flow_runs_on_two_docker_workers(
    workers: Workers, docker_engine: Any, tmp_path: Path
) -> None:
    workers.start("qatron-docker", "docker-a")
    workers.start("qatron-docker", "docker-b")
    shop = copy_shop(tmp_path / "shop")
    # regression without the browser tests: the worker image has no Chromium
    state = run_suite(suite="api-regression", env="local", project=str(shop),
                      shard_deployment="run-shard/docker", return_state=True)
    run, summary = last_run(shop)
    assert state.name == "Completed", state.message
    assert run.status is RunStatus.COMPLETED
    assert [s.status for s in summary.shards] == [ShardStatus.PASSED, ShardStatus.PASSED]
    assert sum(len(s.results) for s in summary.shards) >= 10
    flow_runs = shard_flow_runs(shop, run.id)
    assert len(flow_runs) == 2 and all(r.state.is_completed() for r in flow_runs)
    # --limit 1 per worker and the shards overlapping in time: one on each worker
    first, second = summary.shards
    assert first.started_at < second.finished_at and second.started_at < first.finished_at
    assert all(r.infrastructure_pid for r in flow_runs)  # each had a container
    assert containers_of(docker_engine, flow_runs) == []  # removed when they ended


def test_shards_run_on_a_process_worker(workers: Workers, tmp_path: Path) -> None:
    workers.start("qatron-process", "process-a")
    project = slow_project(tmp_path / "slow", 0.1)
    state = run_suite(suite="all", project=str(project),
                      shard_deployment="run-shard/process", return_state=True)
    run, summary = last_run(project)
    assert run.status is RunStatus.FAILED, state.message
    outcomes = {r.nodeid: r.outcome for s in summary.shards for r in s.results}
    assert outcomes == {"tests/test_one.py::test_a": Outcome.PASSED,
                        "tests/test_one.py::test_b": Outcome.PASSED,
                        "tests/test_two.py::test_a": Outcome.PASSED,
                        "tests/test_two.py::test_b": Outcome.PASSED,
                        "tests/test_two.py::test_fails": Outcome.FAILED}
    assert len(shard_flow_runs(project, run.id)) == 2


def test_an_unregistered_shard_deployment_fails_the_run_with_what_to_do(
    registered: dict[str, str], tmp_path: Path
) -> None:
    project = slow_project(tmp_path / "slow", 0)
    state = run_suite(suite="all", project=str(project), shard_deployment="run-shard/nowhere",
                      return_state=True)
    run, _ = last_run(project)
    assert run.status is RunStatus.FAILED
    assert "run-shard/nowhere" in run.message and "prefect deploy --all" in run.message
    assert state.is_failed()


def test_a_worker_killed_mid_shard_loses_nothing(
    workers: Workers, docker_engine: Any, tmp_path: Path
) -> None:
    project = slow_project(tmp_path / "slow", 6)
    with mid_run(workers, project) as (killed, _):
        os.kill(killed.pid, signal.SIGKILL)
    run, summary = last_run(project)
    assert run.status is RunStatus.FAILED, run.message  # test_fails, and nothing else
    results = [r for s in summary.shards for r in s.results]
    assert len(results) == 5
    assert [r.nodeid for r in results if r.outcome.is_failure] == ["tests/test_two.py::test_fails"]
    assert containers_of(docker_engine, shard_flow_runs(project, run.id)) == []


def test_stopping_the_docker_engine_mid_run_is_infra_failed(
    workers: Workers, docker_engine: Any, tmp_path: Path
) -> None:
    project = slow_project(tmp_path / "slow", 30)
    try:
        with mid_run(workers, project, finish_within=400):
            time.sleep(2)  # the tests are running
            _stop_engine()
    finally:
        started = subprocess.run([str(ENGINE)], capture_output=True, text=True, timeout=300)
        assert started.returncode == 0, started.stderr
    run, summary = last_run(project)
    assert run.status is RunStatus.INFRA_FAILED, run.message
    assert "Docker engine" in run.message
    assert all(s.status is ShardStatus.INFRA_FAILED for s in summary.shards)
    assert containers_of(docker_engine, shard_flow_runs(project, run.id)) == []


@contextmanager
def mid_run(workers: Workers, project: Path, finish_within: float = 300
            ) -> Iterator[list[subprocess.Popen]]:
    """run-suite in the background with its two shards on two Docker workers; the block
    runs once both shards run (it gets the workers), then the run must end by itself."""
    started = [workers.start("qatron-docker", name) for name in ("docker-a", "docker-b")]
    parent = _in_background(workers, project, "run-shard/docker")
    try:
        wait_for_running_shards(project, 2)
        yield started
        assert parent.wait(timeout=finish_within) == 0
    finally:
        stop_group(parent, timeout=15)


def _in_background(workers: Workers, project: Path, deployment: str) -> subprocess.Popen:
    """run-suite in its own process (this one must stay free to inject the fault)."""
    code = ("from flows.run_suite import run_suite; "
            f"run_suite(suite='all', project={str(project)!r}, "
            f"shard_deployment={deployment!r}, return_state=True)")
    log = (workers.log_dir / "run-suite.log").open("ab")
    return subprocess.Popen([sys.executable, "-c", code], cwd=REPO, start_new_session=True,
                            env={**workers.env, "PYTHONPATH": str(REPO)}, stdout=log,
                            stderr=subprocess.STDOUT)


def _stop_engine() -> None:
    pid = int(Path("/var/run/docker.pid").read_text())
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    raise AssertionError("dockerd did not stop within 60 s")


def test_a_postgres_backed_server_and_store_with_a_worker_of_its_own(
    prefect_pg_api_url: str, fresh_postgres_url: str, tmp_path: Path
) -> None:
    """The multi-machine shape: the parent and the worker share only the Prefect API
    (a server on PostgreSQL), the results store (PostgreSQL) and the project's files."""
    shared = {"PREFECT_API_URL": prefect_pg_api_url, "QATRON_DATABASE_URL": fresh_postgres_url}
    env = {**os.environ, **shared, "PWD": str(REPO), "PREFECT_WORKER_QUERY_SECONDS": "1"}
    for pool, kind in POOLS.items():
        assert prefect("work-pool", "create", pool, "--type", kind, "--overwrite",
                       env=env).returncode == 0
    deployed = prefect("--no-prompt", "deploy", "--all", env=env)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    worker = start_worker({**env, "PREFECT_HOME": str(tmp_path / "worker-home")},
                          "qatron-process", "--name", "machine-b",
                          log=tmp_path / "machine-b.log")
    try:
        shop = copy_shop(tmp_path / "shop")
        done = qatron("run", "--project", str(shop), "--suite", "smoke", "--shards", "2",
                      "--shard-deployment", "run-shard/process", "--json",
                      env={**shared, "PREFECT_HOME": str(tmp_path / "parent-home")})
    finally:
        stop_group(worker, timeout=15)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    with ResultsStore(fresh_postgres_url) as store:
        summary = store.load_summary(result["id"])
    assert [s.status for s in summary.shards] == [ShardStatus.PASSED, ShardStatus.PASSED]
    assert len(summary.results) == result["counts"]["total"] >= 5
    shard_runs = _flow_runs_on(prefect_pg_api_url, result["id"], shop)
    assert len(shard_runs) == 2 and all(run.state.is_completed() for run in shard_runs)
    assert not (shop / ".qatron" / "results.db").exists()


def _flow_runs_on(api_url: str, run_id: int, project: Path) -> list[Any]:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}):
        return shard_flow_runs(project, run_id)


def test_cancelling_the_run_through_the_api_cancels_its_shards(
    workers: Workers, docker_engine: Any, tmp_path: Path
) -> None:
    project = slow_project(tmp_path / "slow", 120)
    with mid_run(workers, project, finish_within=180):
        run, _ = last_run(project)
        with get_client(sync_client=True) as client:
            client.set_flow_run_state(UUID(run.flow_run_id), Cancelling(), force=True)
    run, summary = last_run(project)
    assert run.status is RunStatus.CANCELLED, run.message
    assert {s.status for s in summary.shards} == {ShardStatus.CANCELLED}
    shard_runs = shard_flow_runs(project, run.id)
    assert len(shard_runs) == 2 and all(r.state.is_cancelled() for r in shard_runs)
    assert containers_of(docker_engine, shard_runs) == []
