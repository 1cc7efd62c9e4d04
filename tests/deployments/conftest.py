"""prefect.yaml's deployments on the session's Prefect server, and workers for them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from qatron.processes import stop_group
from tests.projects import REPO, qatron

PREFECT = str(Path(sys.executable).with_name("prefect"))
POOLS = {"qatron-process": "process", "qatron-docker": "docker"}


def prefect(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([PREFECT, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout)


def start_worker(env: dict[str, str], pool: str, *options: str,
                 log: Path | None = None) -> subprocess.Popen:
    """``prefect worker start`` on ``pool`` in its own process group."""
    output = log.open("ab") if log else subprocess.DEVNULL
    return subprocess.Popen(
        [PREFECT, "worker", "start", "--pool", pool, "--type", POOLS[pool], *options],
        cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
    )


@pytest.fixture(scope="module")
def registered(prefect_api_url: str) -> dict[str, str]:
    """Both work pools and every deployment of prefect.yaml; yields the CLI's environment."""
    env = {**os.environ, "PREFECT_API_URL": prefect_api_url, "PWD": str(REPO),
           "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    for pool, kind in POOLS.items():
        created = prefect("work-pool", "create", pool, "--type", kind, "--overwrite", env=env)
        assert created.returncode == 0, created.stdout + created.stderr
    deploy = prefect("--no-prompt", "deploy", "--all", env=env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    return env


@pytest.fixture(scope="module")
def deployed(registered: dict[str, str], tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[dict[str, str]]:
    """The deployments and a process worker polling qatron-process whose flow runs the
    warm worker forks: the session's server is the local server of a QATRON_HOME of its
    own, where ``qatron server start`` (finding the server up) starts the warm worker."""
    port = registered["PREFECT_API_URL"].rsplit(":", 1)[1].split("/")[0]
    env = {**registered, "QATRON_HOME": str(tmp_path_factory.mktemp("local")),
           "QATRON_SERVER_PORT": port}
    started = qatron("server", "start", env=env)
    assert started.returncode == 0, started.stderr
    worker = start_worker(env, "qatron-process")
    try:
        yield env
    finally:
        stop_group(worker, timeout=10)
        stopped = qatron("server", "stop", env=env)
        assert "stopped the warm worker" in stopped.stderr, stopped.stderr
