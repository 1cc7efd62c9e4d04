"""A process worker against a Prefect server that wants basic auth
(``PREFECT_SERVER_API_AUTH_STRING``): with the right ``PREFECT_API_AUTH_STRING`` it picks up
a deployment's flow run and the run-suite flow completes on it; with a wrong one the
worker is refused and stops, naming no password."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from qatron.processes import stop_group
from qatron.store import ResultsStore
from tests.deployments.conftest import prefect, start_worker
from tests.fixtures.prefect_server import AUTH_STRING
from tests.projects import REPO, write_project

WRONG = "qatron:not-the-password"


def test_a_worker_with_the_auth_string_runs_a_deployment_and_a_wrong_one_is_refused(
        prefect_auth_api_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "PREFECT_API_URL": prefect_auth_api_url, "PWD": str(REPO),
           "PREFECT_API_AUTH_STRING": AUTH_STRING, "PREFECT_WORKER_QUERY_SECONDS": "1",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    created = prefect("work-pool", "create", "qatron-process", "--type", "process",
                      "--overwrite", env=env)
    assert created.returncode == 0, created.stdout + created.stderr
    deployed = prefect("--no-prompt", "deploy", "--name", "smoke", env=env)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr

    refused_log = tmp_path / "refused.log"
    refused = start_worker({**env, "PREFECT_API_AUTH_STRING": WRONG}, "qatron-process",
                           log=refused_log)
    try:
        refused.wait(timeout=120)
    except subprocess.TimeoutExpired:
        stop_group(refused, timeout=10)
        raise AssertionError(f"a worker with a wrong auth string kept running: "
                             f"{refused_log.read_text()[-2000:]}") from None
    said = refused_log.read_text()
    assert refused.returncode != 0 and "401" in said, said[-2000:]
    assert WRONG.split(":")[1] not in said and AUTH_STRING.split(":")[1] not in said

    project = write_project(tmp_path / "p", """
        project: guarded
        suites: {all: {}}
    """, {"tests/test_a.py": "def test_ok():\n    pass\n"})
    worker = start_worker(env, "qatron-process", log=tmp_path / "worker.log")
    try:
        ran = prefect("deployment", "run", "run-suite/smoke", "--watch", "--watch-interval",
                      "1", "--param", f"project={project}", "--param", "suite=all", env=env)
    finally:
        stop_group(worker, timeout=10)
    assert ran.returncode == 0, ran.stdout + ran.stderr + (tmp_path / "worker.log").read_text()
    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        [run] = store.list_runs(project="guarded")
    assert run.status == "completed", run.message
