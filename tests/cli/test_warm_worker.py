"""The warm worker: ``qatron run`` handed to a long-lived process beside the local server.

The module's worker is started by ``qatron server start`` in a QATRON_HOME of its own
whose local server is the session's Prefect server (QATRON_SERVER_PORT names its port),
so ``qatron server stop`` stops the worker and leaves the session's server alone.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qatron.models import RunStatus
from qatron.store import ResultsStore, default_database_url
from qatron.warm import WarmWorker
from tests.fixtures.receiver import Receiver
from tests.projects import QATRON, alive, processes_with, write_project

PROJECT = """
    project: warm
    suites:
      green: {paths: [tests/test_green.py]}
      red: {paths: [tests/test_red.py]}
      wait: {paths: [tests/test_wait.py]}
"""
TESTS = {
    "tests/test_green.py": """
        def test_one():
            assert 1 + 1 == 2

        def test_two():
            assert "warm".upper() == "WARM"
    """,
    "tests/test_red.py": """
        def test_passes():
            assert True

        def test_fails():
            assert 2 + 2 == 5
    """,
    "tests/test_wait.py": """
        import time
        from pathlib import Path

        def test_wait():
            Path(__file__).with_name("started").write_text("x")
            time.sleep(120)
    """,
}


def local_env(home: Path, api_url: str, **extra: str) -> dict[str, str]:
    """This process's environment with ``home`` as QATRON_HOME and the session's server as
    the local one (no PREFECT_API_URL: the embedded default)."""
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    port = api_url.rsplit(":", 1)[1].split("/")[0]
    return {**env, "QATRON_HOME": str(home), "QATRON_SERVER_PORT": port, **extra}


def qatron(*args: str, env: dict[str, str], timeout: float = 300
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(QATRON), *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def started(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([str(QATRON), *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def owner_pid(project: Path, run_id: int) -> int:
    """The pid of the process that ran the run's flow."""
    with ResultsStore(default_database_url(project)) as store:
        record = store.get_run(run_id)
    assert record is not None and record.owner is not None
    return int(record.owner["pid"])


def status_of(project: Path, run_id: int) -> RunStatus:
    with ResultsStore(default_database_url(project)) as store:
        record = store.get_run(run_id)
    assert record is not None
    return RunStatus(record.status)


def summary_lines(stderr: str) -> list[str]:
    """The summary ``qatron run`` prints, without what differs from run to run."""
    lines = stderr[stderr.index("run "):].splitlines()
    return [re.sub(r"run \d+|/\S+", "…", line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def warm(prefect_api_url: str, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[dict[str, str]]:
    """The environment of command lines whose local server has a warm worker."""
    env = local_env(tmp_path_factory.mktemp("warm"), prefect_api_url)
    try:
        start = qatron("server", "start", env=env)
        assert start.returncode == 0, start.stderr
        yield env
    finally:
        stop = qatron("server", "stop", env=env)
    assert "stopped the warm worker" in stop.stderr
    assert not processes_with(env["QATRON_HOME"])


def test_server_start_runs_the_worker_and_status_shows_it(warm: dict[str, str]) -> None:
    status = json.loads(qatron("server", "status", env=warm).stdout)

    worker = status["warm_worker"]
    assert worker["running"] is True
    assert alive(worker["pid"])
    assert worker["socket"] == str(Path(warm["QATRON_HOME"]) / "server" / "warm.sock")
    again = qatron("server", "start", env=warm)
    assert again.returncode == 0, again.stderr
    assert f"warm worker: pid {worker['pid']}" in again.stderr  # found, not started anew


def test_runs_in_the_worker_end_as_in_their_own_process(
        warm: dict[str, str], tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", PROJECT, TESTS)
    worker = WarmWorker(Path(warm["QATRON_HOME"]) / "server").answer()
    assert worker is not None
    own = {**warm, "QATRON_WARM_WORKER": "off"}
    ended = {}
    for suite in ("green", "red"):
        for label, env in (("warm", warm), ("own", own)):
            process = started("run", "--project", str(project), "--suite", suite, env=env)
            stdout, stderr = process.communicate(timeout=300)
            run_id = int(re.findall(r"run (\d+)", stderr)[-1])
            ran_in = owner_pid(project, run_id)
            ended[suite, label] = (process.returncode, summary_lines(stderr))
            assert (ran_in == process.pid) is (label == "own"), stderr

    assert ended["green", "warm"] == ended["green", "own"]
    assert ended["green", "warm"][0] == 0
    assert ended["red", "warm"] == ended["red", "own"]
    assert ended["red", "warm"][0] == RunStatus.FAILED.exit_code
    assert "2 total, 1 passed, 1 failed" in " ".join(ended["red", "warm"][1])
    assert WarmWorker(Path(warm["QATRON_HOME"]) / "server").answer() == worker  # it lives on


def test_json_of_a_run_in_the_worker(warm: dict[str, str], tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", PROJECT, TESTS)
    done = qatron("run", "--project", str(project), "--suite", "red", "--json", env=warm)

    assert done.returncode == RunStatus.FAILED.exit_code, done.stderr
    result = json.loads(done.stdout)
    assert (result["status"], result["counts"]["passed"], result["counts"]["failed"]) == (
        "failed", 1, 1)
    assert owner_pid(project, result["id"]) != os.getpid()


def test_ctrl_c_cancels_a_run_in_the_worker(warm: dict[str, str], tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", PROJECT, TESTS)
    process = started("run", "--project", str(project), "--suite", "wait", "--json",
                      env=warm)
    _wait_for(project / "tests" / "started", process)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)

    assert process.returncode == RunStatus.CANCELLED.exit_code, stderr
    assert json.loads(stdout)["status"] == "cancelled"
    assert not processes_with(str(project / "tests"))


def test_a_command_line_that_dies_cancels_its_run(warm: dict[str, str], tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", PROJECT, TESTS)
    process = started("run", "--project", str(project), "--suite", "wait", env=warm)
    _wait_for(project / "tests" / "started", process)
    process.kill()
    process.communicate(timeout=30)

    deadline = time.monotonic() + 120
    while not status_of(project, 1).terminal and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status_of(project, 1) is RunStatus.CANCELLED
    assert not processes_with(str(project / "tests"))


def test_reports_are_finished_after_the_command_line_exits(
        warm: dict[str, str], tmp_path: Path, receiver: Receiver) -> None:
    receiver.delay = 6.0  # the failure analysis tells the team, slowly: the report waits
    project = write_project(tmp_path / "p", PROJECT + f"""
    failure_analysis:
      notify:
        qa: {{webhook: "{receiver.url('/qa')}"}}
    """, {**TESTS, "CODEOWNERS": "tests/ @qa\n"})
    early = qatron("run", "--project", str(project), "--suite", "red", "--json", env=warm)
    run_dir = Path(json.loads(early.stdout)["run_dir"])

    assert early.returncode == RunStatus.FAILED.exit_code, early.stderr
    assert status_of(project, 1) is RunStatus.FAILED  # recorded before the exit
    assert (run_dir / "junit.xml").exists()
    assert not (run_dir / "report.html").exists()
    deadline = time.monotonic() + 120
    while not (run_dir / "report.html").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Failures by cause" in (run_dir / "report.html").read_text()
    assert len(receiver.received) == 1

    waited = qatron("run", "--project", str(project), "--suite", "red", "--json",
                    "--wait-reports", env=warm)
    assert waited.returncode == RunStatus.FAILED.exit_code, waited.stderr
    assert (Path(json.loads(waited.stdout)["run_dir"]) / "report.html").exists()
    assert len(receiver.received) == 2


def test_without_a_worker_a_run_is_its_own_and_starts_one(
        prefect_api_url: str, tmp_path: Path) -> None:
    env = local_env(tmp_path / "home", prefect_api_url)
    project = write_project(tmp_path / "p", PROJECT, TESTS)
    worker = WarmWorker(tmp_path / "home" / "server")
    try:
        process = started("run", "--project", str(project), "--suite", "green", "--json",
                          env=env)
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        assert owner_pid(project, json.loads(stdout)["id"]) == process.pid

        deadline = time.monotonic() + 120
        while worker.answer() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert worker.answer() is not None  # started for the runs after this one
    finally:
        stop = qatron("server", "stop", env=env)
    assert "stopped the warm worker" in stop.stderr
    assert worker.pid() is None
    assert not processes_with(str(tmp_path / "home"))


def _wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not path.exists() and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.2)
    assert path.exists()
