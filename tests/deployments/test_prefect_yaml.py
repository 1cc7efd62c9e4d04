"""prefect.yaml: entrypoints resolve, and deploy → worker → `deployment run --watch` works."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from prefect.flows import load_flow_from_entrypoint

from qatron.processes import stop_group
from tests.projects import REPO, copy_shop, write_project

PREFECT = str(Path(sys.executable).with_name("prefect"))
DEPLOYMENTS = yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]


@pytest.mark.parametrize("deployment", DEPLOYMENTS, ids=lambda d: d["name"])
def test_every_entrypoint_resolves_to_a_flow(deployment: dict) -> None:
    flow = load_flow_from_entrypoint(str(REPO / deployment["entrypoint"]))
    module = deployment["entrypoint"].split(":")[0]
    assert flow.name == {"flows/run_suite.py": "run-suite", "flows/run_group.py": "run-group",
                         "flows/refresh_datasets.py": "refresh-datasets"}[module]
    assert set(deployment["parameters"]) <= set(flow.parameters.properties)


def prefect(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([PREFECT, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def deployed(prefect_api_url: str) -> Iterator[dict[str, str]]:
    """Deployments registered from prefect.yaml and a process worker polling their pool."""
    env = {**os.environ, "PREFECT_API_URL": prefect_api_url, "PWD": str(REPO),
           "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    created = prefect("work-pool", "create", "qatron-process", "--type", "process", env=env)
    assert created.returncode == 0, created.stdout + created.stderr
    deploy = prefect("--no-prompt", "deploy", "--all", env=env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    worker = subprocess.Popen(
        [PREFECT, "worker", "start", "--pool", "qatron-process", "--type", "process"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield env
    finally:
        stop_group(worker, timeout=10)


def test_deployments_are_registered_with_the_nightly_schedule(deployed: dict[str, str]) -> None:
    listed = prefect("deployment", "ls", env=deployed)
    for name in ("smoke", "regression", "regression-nightly", "full"):
        assert f"run-suite/{name}" in listed.stdout
    nightly = prefect("deployment", "inspect", "run-suite/regression-nightly", env=deployed)
    assert "0 2 * * *" in nightly.stdout


def test_deployment_run_watch_exits_zero_on_pass_and_nonzero_on_failure(
    deployed: dict[str, str], tmp_path: Path
) -> None:
    shop = copy_shop(tmp_path / "shop")
    passed = prefect("deployment", "run", "run-suite/smoke", "--watch", "--watch-interval", "1",
                     "--param", f"project={shop}", env=deployed)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Completed" in passed.stdout

    failing = write_project(tmp_path / "failing", """
        project: failing
        suites: {all: {}}
    """, {"tests/test_no.py": "def test_no():\n    assert False\n"})
    failed = prefect("deployment", "run", "run-suite/smoke", "--watch", "--watch-interval", "1",
                     "--param", f"project={failing}", "--param", "suite=all", env=deployed)
    assert failed.returncode != 0
    assert "Failed" in failed.stdout + failed.stderr
