"""qatron-ci.sh against a real Prefect server that wants basic auth
(``PREFECT_SERVER_API_AUTH_STRING``): credentials, signals and wrong passwords.

The flow runs belong to a deployment in a pool no worker polls, so they stay
Scheduled until a test gives them a final state or the script cancels them.
"""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import pytest
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.objects import StateType
from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, temporary_settings
from prefect.states import State

from tests.deployments.test_ci_trigger import SCRIPT, launch, started_run
from tests.fixtures.prefect_server import AUTH_STRING
from tests.projects import REPO

AUTH = AUTH_STRING
PASSWORD = AUTH.split(":", 1)[1]
BASIC = base64.b64encode(AUTH.encode()).decode()
DEPLOYMENT = "run-suite/ci-auth"


@contextmanager
def client(api_url: str) -> Iterator[SyncPrefectClient]:
    """A Prefect client of the basic-auth server."""
    settings = {PREFECT_API_URL: api_url, PREFECT_API_AUTH_STRING: AUTH}
    with temporary_settings(updates=settings), get_client(sync_client=True) as prefect:
        yield prefect


@pytest.fixture(scope="module")
def auth_api_url(prefect_auth_api_url: str) -> str:
    """The session's basic-auth server (``PREFECT_SERVER_API_AUTH_STRING``), with
    ``run-suite/ci-auth``."""
    with client(prefect_auth_api_url) as prefect:
        prefect.create_work_pool(WorkPoolCreate(name="ci-auth", type="process"),
                                 overwrite=True)
        prefect.create_deployment(
            flow_id=prefect.create_flow_from_name("run-suite"), name="ci-auth",
            work_pool_name="ci-auth", entrypoint="flows/run_suite.py:run_suite")
    return prefect_auth_api_url


def script_env(api_url: str, tmp: Path, **credentials: str) -> dict[str, str]:
    """The script's environment: its own TMPDIR, and only the given PREFECT_API_* values."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    tmp.mkdir(exist_ok=True)
    return {**env, "PREFECT_API_URL": api_url, "TMPDIR": str(tmp), **credentials}


def start(env: dict[str, str]) -> subprocess.Popen[str]:
    return launch(["--deployment", DEPLOYMENT, "--poll", "0.2"], env)


def secrets_in_files(folder: Path) -> list[str]:
    return [str(path) for path in folder.rglob("*") if path.is_file()
            and any(s in path.read_bytes() for s in (PASSWORD.encode(), BASIC.encode()))]


def secrets_in_command_lines() -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes()
        except OSError:
            continue
        if PASSWORD.encode() in text or BASIC.encode() in text:
            found.append(text.replace(b"\0", b" ").decode(errors="replace"))
    return found


def state_of(api_url: str, run_id: UUID, wanted: StateType, timeout: float = 15) -> StateType:
    deadline = time.monotonic() + timeout
    with client(api_url) as prefect:
        while True:
            state = prefect.read_flow_run(run_id).state
            assert state is not None
            if state.type == wanted or time.monotonic() > deadline:
                return state.type
            time.sleep(0.3)


def test_key_and_auth_string_together_reach_a_basic_auth_server(
        auth_api_url: str, tmp_path: Path) -> None:
    env = script_env(auth_api_url, tmp_path / "tmp", PREFECT_API_KEY="pnu_not-for-this-server",
                     PREFECT_API_AUTH_STRING=AUTH)
    script = start(env)
    try:
        run_id = started_run(script)
        with client(auth_api_url) as prefect:
            prefect.set_flow_run_state(run_id, State(type=StateType.COMPLETED, name="Completed"),
                                       force=True)
        stdout, stderr = script.communicate(timeout=30)
    finally:
        script.kill()
        script.wait()
    assert script.returncode == 0, stdout + stderr
    assert "ended Completed: exit 0" in stdout


@pytest.mark.parametrize(("sent", "expected_code", "expected_state"), [
    (signal.SIGINT, 130, StateType.CANCELLED),
    (signal.SIGTERM, 130, StateType.CANCELLED),
    (signal.SIGKILL, -signal.SIGKILL, StateType.SCHEDULED),
], ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_a_signal_mid_run_leaves_no_credentials_and_a_defined_run(
        auth_api_url: str, tmp_path: Path, sent: signal.Signals, expected_code: int,
        expected_state: StateType) -> None:
    """INT and TERM cancel the run and exit 130; KILL leaves it Scheduled (nothing can
    cancel it). Credentials are never in a file or on a command line, so none is left."""
    tmp = tmp_path / "tmp"
    script = start(script_env(auth_api_url, tmp, PREFECT_API_AUTH_STRING=AUTH))
    try:
        run_id = started_run(script)
        time.sleep(1)  # mid-run: polling the flow run
        assert secrets_in_files(tmp) == [] and secrets_in_command_lines() == []
        script.send_signal(sent)
        stdout, stderr = script.communicate(timeout=30)
    finally:
        script.kill()
        script.wait()
    assert script.returncode == expected_code, stdout + stderr
    assert secrets_in_files(tmp) == []
    assert state_of(auth_api_url, run_id, expected_state) == expected_state
    if sent is signal.SIGKILL:
        with client(auth_api_url) as prefect:
            prefect.set_flow_run_state(run_id, State(type=StateType.CANCELLED), force=True)
    else:
        assert f"interrupted; cancelling flow run {run_id} (HTTP 20" in stdout
        assert list(tmp.iterdir()) == []


def test_a_signal_at_any_moment_of_polling_cancels_the_run(
        auth_api_url: str, tmp_path: Path) -> None:
    """SIGTERM sent at 20 moments spread over 1 s of polling every 0.02 s: while curl runs,
    while a command substitution forks, while the script sleeps. Each time the script
    cancels the flow run and exits 130 (bash may run a trap inside a command substitution,
    and cancelling from there used to exit 1 and leave the run Scheduled)."""
    for moment in range(20):
        tmp = tmp_path / f"tmp{moment}"
        script = launch(["--deployment", DEPLOYMENT, "--poll", "0.02"],
                        script_env(auth_api_url, tmp, PREFECT_API_AUTH_STRING=AUTH))
        try:
            run_id = started_run(script)
            time.sleep(moment * 0.05)
            script.send_signal(signal.SIGTERM)
            stdout, stderr = script.communicate(timeout=30)
        finally:
            script.kill()
            script.wait()
        assert script.returncode == 130, f"SIGTERM after {moment * 0.05:.2f} s: {stdout}{stderr}"
        assert state_of(auth_api_url, run_id, StateType.CANCELLED) == StateType.CANCELLED


@pytest.mark.parametrize("credentials", [
    {"PREFECT_API_AUTH_STRING": "qatron:wrong-password"},
    {"PREFECT_API_KEY": "pnu_a-cloud-key"},
    {},
], ids=["wrong-password", "key-only", "none"])
def test_wrong_credentials_exit_two_at_once_with_one_line(
        auth_api_url: str, tmp_path: Path, credentials: dict[str, str]) -> None:
    started = time.monotonic()
    result = subprocess.run([str(SCRIPT), "--deployment", DEPLOYMENT],
                            env=script_env(auth_api_url, tmp_path / "tmp", **credentials),
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 15
    assert (result.returncode, result.stderr) == (
        2, "qatron-ci: GET /deployments/name/run-suite/ci-auth: HTTP 401; check "
           "PREFECT_API_KEY or PREFECT_API_AUTH_STRING\n")
    assert list((tmp_path / "tmp").iterdir()) == []
