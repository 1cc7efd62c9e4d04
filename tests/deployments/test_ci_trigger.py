"""deployments/ci/qatron-ci.sh against a real Prefect server and a real process worker.

The suites run from prefect.yaml's deployments, as in test_prefect_yaml.py. The
exit-code mapping is checked on a deployment of run-suite in a pool no worker
polls: the test gives each of its flow runs a final state by hand, so every
RunStatus is covered without running a suite.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    LogFilter,
    LogFilterFlowRunId,
)
from prefect.client.schemas.objects import StateType
from prefect.states import State

from qatron.exit_codes import EXIT_CRASHED, EXIT_UNKNOWN_STATE
from qatron.models import RunStatus
from qatron.processes import free_port
from tests.fixtures.postgres import PostgresServer
from tests.projects import REPO, copy_shop, processes_with, unserved_deployment, write_project

SCRIPT = REPO / "deployments" / "ci" / "qatron-ci.sh"
UNSERVED_POOL = "qatron-ci-unserved"
FLOW_RUN_LINE = re.compile(r"^qatron-ci: flow run ([0-9a-f-]{36}) ", re.MULTILINE)


def ci(*args: str, api_url: str | None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run the real script; ``--poll 1`` keeps the tests quick."""
    return subprocess.run([str(SCRIPT), "--poll", "1", *args], env=_env(api_url), cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


def _env(api_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    return env if api_url is None else {**env, "PREFECT_API_URL": api_url}


def flow_run_id(stdout: str) -> UUID:
    match = FLOW_RUN_LINE.search(stdout)
    assert match, stdout
    return UUID(match.group(1))


def launch(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """Start the script with output piped, as a CI runner does."""
    return subprocess.Popen([str(SCRIPT), *args], env=env, cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def started_run(script: subprocess.Popen[str]) -> UUID:
    """The flow run the script started, from its first line; its output if it started none."""
    assert script.stdout is not None and script.stderr is not None
    line = script.stdout.readline()
    if FLOW_RUN_LINE.search(line) is None:
        script.kill()
        rest, errors = script.communicate(timeout=30)
        pytest.fail(f"no flow run started: exit {script.returncode}\n{line}{rest}{errors}")
    return flow_run_id(line)


@pytest.fixture(scope="module")
def deployed(deployed: dict[str, str]) -> str:
    """prefect.yaml's deployments and a process worker polling their pool; the API URL."""
    return deployed["PREFECT_API_URL"]


@pytest.fixture(scope="module")
def unserved(prefect_api_url: str) -> Iterator[str]:
    """``run-suite/ci-unserved``: its flow runs stay Scheduled until a test sets their state."""
    with unserved_deployment("run-suite", "ci-unserved", UNSERVED_POOL) as deployment:
        yield deployment


def wait_for_state(run_id: UUID, state_type: StateType, timeout: float = 90) -> State:
    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while True:
            state = client.read_flow_run(run_id).state
            if state is not None and state.type == state_type or time.monotonic() > deadline:
                return state
            time.sleep(0.5)


FINAL_STATES = [
    *[(StateType.COMPLETED if s is RunStatus.COMPLETED else
       StateType.CANCELLED if s is RunStatus.CANCELLED else StateType.FAILED,
       s.state_name, s.exit_code) for s in RunStatus if s.terminal],
    (StateType.CRASHED, "Crashed", EXIT_CRASHED),
    (StateType.FAILED, "SomethingElse", EXIT_UNKNOWN_STATE),
]


@pytest.mark.parametrize(("state_type", "name", "expected"), FINAL_STATES,
                         ids=[name for _, name, _ in FINAL_STATES])
def test_final_state_name_becomes_qatron_exit_code(
    unserved: str, prefect_api_url: str, state_type: StateType, name: str, expected: int
) -> None:
    code, stdout, stderr = finish_by_hand(unserved, prefect_api_url,
                                          State(type=state_type, name=name))
    assert code == expected, stdout + stderr
    assert f"ended {name}: exit {expected}" in stdout


def test_a_flow_that_raised_exits_five_as_qatron_run(unserved: str,
                                                     prefect_api_url: str) -> None:
    """Prefect's own Failed state of a flow that raised is an infrastructure fault, not
    QAtron's verdict ``Failed`` (exit 1)."""
    state = State(type=StateType.FAILED, name="Failed", message="Flow run encountered an "
                  "exception: FileNotFoundError: [Errno 2] No such file or directory: 'nope'")
    code, stdout, stderr = finish_by_hand(unserved, prefect_api_url, state)
    assert code == 5, stdout + stderr
    assert "ended Failed: exit 5" in stdout


def finish_by_hand(deployment: str, api_url: str, state: State) -> tuple[int, str, str]:
    """Run the script on ``deployment``, give its flow run ``state``; its exit code and output."""
    script = launch(["--deployment", deployment, "--branch", "main", "--commit", "abc",
                     "--poll", "0.2"], _env(api_url))
    try:
        run_id = started_run(script)
        with get_client(sync_client=True) as client:
            client.set_flow_run_state(run_id, state, force=True)
        stdout, stderr = script.communicate(timeout=30)
    finally:
        script.kill()
        script.wait()
    return script.returncode, stdout, stderr


def test_interrupted_script_cancels_its_run(unserved: str, prefect_api_url: str) -> None:
    script = launch(["--deployment", unserved, "--poll", "0.2"], _env(prefect_api_url))
    try:
        run_id = started_run(script)
        script.send_signal(signal.SIGTERM)
        stdout, stderr = script.communicate(timeout=30)
    finally:
        script.kill()
        script.wait()
    assert script.returncode == 130, stdout + stderr
    assert f"interrupted; cancelling flow run {run_id}" in stdout
    assert wait_for_state(run_id, StateType.CANCELLED, timeout=10).type == StateType.CANCELLED


def test_a_pending_run_is_cancelled_once_it_has_started(unserved: str,
                                                       prefect_api_url: str) -> None:
    """Cancelled while Pending, a run would stay Cancelling: its worker is not listening yet."""
    script = launch(["--deployment", unserved, "--poll", "0.2", "--timeout", "3"],
                    _env(prefect_api_url))
    try:
        run_id = started_run(script)
        with get_client(sync_client=True) as client:
            client.set_flow_run_state(run_id, State(type=StateType.PENDING), force=True)
            time.sleep(5)
            state = client.read_flow_run(run_id).state
            assert state is not None and state.type == StateType.PENDING, state
            client.set_flow_run_state(run_id, State(type=StateType.RUNNING), force=True)
            stdout, stderr = script.communicate(timeout=30)
            client.set_flow_run_state(run_id, State(type=StateType.CANCELLED), force=True)
    finally:
        script.kill()
        script.wait()
    assert script.returncode == 4, stdout + stderr
    assert (f"timed out after 3s (--timeout); waiting for flow run {run_id} to leave Pending"
            in stdout)
    assert f"cancelling flow run {run_id} (HTTP 201)" in stdout


def test_passing_smoke_run_exits_zero_and_copies_the_reports(
    deployed: str, tmp_path: Path
) -> None:
    shop = copy_shop(tmp_path / "shop")
    out = tmp_path / "artifacts"
    started = time.monotonic()
    result = ci("--deployment", "run-suite/smoke", "--branch", "feature/ci", "--commit",
                "0123456789abcdef", "--param", f"project={shop}", "--artifacts", str(out),
                api_url=deployed)
    print(f"passing run: {time.monotonic() - started:.1f}s")
    assert result.returncode == 0, result.stdout + result.stderr
    run_id = flow_run_id(result.stdout)
    assert f"{deployed.removesuffix('/api')}/runs/flow-run/{run_id}" in result.stdout
    assert "<testsuite" in (out / "junit.xml").read_text()
    assert (out / "report.html").read_bytes() == next(shop.glob(".qatron/runs/*/report.html")
                                                      ).read_bytes()
    summary = (out / "qatron-smoke-local-summary.md").read_text()
    assert "**Status:** `completed`" in summary
    assert "`feature/ci`" in summary and "`0123456789ab`" in summary


def test_failing_run_exits_one_with_its_failures(deployed: str, tmp_path: Path) -> None:
    failing = write_project(tmp_path / "failing", """
        project: failing
        suites: {all: {}}
    """, {"tests/test_no.py": "def test_no():\n    assert False\n"})
    out = tmp_path / "artifacts"
    started = time.monotonic()
    result = ci("--deployment", "run-suite/smoke", "--branch", "main", "--commit", "abc",
                "--param", f"project={failing}", "--param", "suite=all", "--artifacts", str(out),
                api_url=deployed)
    print(f"failing run: {time.monotonic() - started:.1f}s")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ended Failed: exit 1" in result.stdout
    assert "tests/test_no.py::test_no" in (out / "qatron-all-local-failures.md").read_text()
    assert 'failures="1"' in (out / "junit.xml").read_text()
    assert (out / "report.html").is_file()


def test_timeout_cancels_the_run_and_exits_four(deployed: str, tmp_path: Path) -> None:
    slow = write_project(tmp_path / "slow", """
        project: slow
        suites: {all: {}}
    """, {"tests/test_slow.py": "import time\n\ndef test_slow():\n    time.sleep(300)\n"})
    result = ci("--deployment", "run-suite/smoke", "--branch", "main", "--commit", "abc",
                "--param", f"project={slow}", "--param", "suite=all", "--timeout", "1",
                api_url=deployed)
    assert result.returncode == 4, result.stdout + result.stderr
    assert "timed out after 1s (--timeout); cancelling flow run" in result.stdout
    state = wait_for_state(flow_run_id(result.stdout), StateType.CANCELLED)
    assert state.type == StateType.CANCELLED, state
    deadline = time.monotonic() + 30
    while processes_with(str(slow)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not processes_with(str(slow))


def test_unknown_deployment_exits_two_listing_the_deployments(deployed: str) -> None:
    result = ci("--deployment", "run-suite/nope", api_url=deployed)
    assert result.returncode == 2
    assert result.stderr.startswith(f"qatron-ci: no deployment run-suite/nope on {deployed};"
                                    " deployments: ")
    listed = set(result.stderr.rstrip("\n").split("deployments: ")[1].split(", "))
    assert {"run-suite/smoke", "run-suite/regression-nightly", "run-group/shop-release",
            "refresh-datasets/refresh-datasets"} <= listed


def test_rejected_parameters_exit_two(deployed: str) -> None:
    result = ci("--deployment", "run-suite/smoke", "--param", "shards=two", api_url=deployed)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("qatron-ci: run-suite/smoke rejected the parameters: ")
    assert "shards" in result.stderr and len(result.stderr.splitlines()) == 1
    assert "flow run" not in result.stdout


def test_unreachable_server_exits_five() -> None:
    url = f"http://127.0.0.1:{free_port()}/api"
    result = ci("--deployment", "run-suite/smoke", api_url=url, timeout=60)
    assert result.returncode == 5
    assert result.stderr.startswith(f"qatron-ci: cannot reach the Prefect API at {url} (curl:")
    assert result.stderr.endswith("check PREFECT_API_URL and that the server is up\n")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(("args", "api_url", "message"), [
    (["--deployment", "run-suite/smoke"], None,
     "PREFECT_API_URL is not set; set it to your server's API, e.g. http://prefect:4200/api"),
    (["--branch", "main"], "http://127.0.0.1:1/api",
     "--deployment FLOW/NAME is required, e.g. --deployment run-suite/smoke"),
    (["--deployment", "run-suite/smoke", "--param", "suite"], "http://127.0.0.1:1/api",
     "--param takes key=value; got 'suite'"),
    (["--deployment", "run-suite/smoke", "--timeout", "soon"], "http://127.0.0.1:1/api",
     "--timeout takes whole seconds > 0; got 'soon'"),
], ids=["no-api-url", "no-deployment", "bad-param", "bad-timeout"])
def test_usage_errors_exit_two_in_one_line(args: list[str], api_url: str | None,
                                           message: str) -> None:
    result = ci(*args, api_url=api_url, timeout=60)
    assert (result.returncode, result.stderr) == (2, f"qatron-ci: {message}\n")


def test_a_postgres_password_stays_out_of_the_workers_flow_run_log(
    deployed: str, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    """The worker's flow-run process masks secrets too; read its logs back through the API."""
    password = "w0rker-pg-secret"
    admin = f"postgresql://postgres:{password}@127.0.0.1:{postgres_server.port}/postgres"
    project = write_project(tmp_path / "pg", f"""
        project: pg
        environments:
          local:
            services:
              db: {{type: postgres, server: "{admin}"}}
        suites: {{all: {{}}}}
    """, {"tests/test_db.py": "def test_db(environment):\n    assert environment\n"})
    result = ci("--deployment", "run-suite/smoke", "--param", f"project={project}",
                "--param", "suite=all", api_url=deployed)
    assert result.returncode == 0, result.stdout + result.stderr
    run_id = flow_run_id(result.stdout)
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
    messages = "\n".join(log.message for log in logs)
    assert "service db is up: postgresql+psycopg2://postgres:***@127.0.0.1:" in messages
    assert password not in messages


class _LosesFirstCreate(BaseHTTPRequestHandler):
    """Forwards to the real API; answers the first create_flow_run 503 after the server
    made the run, as a proxy does whose upstream answer came too late."""

    upstream = ""
    creates = 0

    def do_GET(self) -> None:
        self._forward()

    def do_POST(self) -> None:
        self._forward()

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        request = urllib.request.Request(self.upstream + self.path.removeprefix("/api"),
                                         data=body if self.command == "POST" else None,
                                         method=self.command,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        if self.path.endswith("/create_flow_run"):
            type(self).creates += 1
            if type(self).creates == 1:
                status, payload = 503, b'{"detail": "upstream timed out"}'
        self.send_response(status)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads the script's output, not the proxy's."""


def test_a_lost_create_response_is_retried_without_a_second_run(
    unserved: str, prefect_api_url: str
) -> None:
    handler = type("Proxy", (_LosesFirstCreate,), {"upstream": prefect_api_url.rstrip("/")})
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    Thread(target=proxy.serve_forever, daemon=True).start()
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(unserved)
        before = len(client.read_flow_runs(deployment_filter=DeploymentFilter(
            id=DeploymentFilterId(any_=[deployment.id]))))
    try:
        code, stdout, stderr = finish_by_hand(
            unserved, f"http://127.0.0.1:{proxy.server_port}/api",
            State(type=StateType.COMPLETED, name="Completed"))
    finally:
        proxy.shutdown()
    assert code == 0, stdout + stderr
    assert handler.creates == 2
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(deployment_filter=DeploymentFilter(
            id=DeploymentFilterId(any_=[deployment.id])))
    assert len(runs) == before + 1
