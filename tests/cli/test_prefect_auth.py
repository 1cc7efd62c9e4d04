"""The command line and the CI script against a Prefect server that wants basic auth
(``PREFECT_SERVER_API_AUTH_STRING``): the right ``PREFECT_API_AUTH_STRING`` works, a wrong
or missing one is refused in one line that names the setting, not with a traceback; the
script names its CI job on the flow run it starts, for the run's audit trail."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import StateType
from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, temporary_settings
from prefect.states import State

from qatron.audit import deployment_trigger
from qatron.cli.prefect_access import check_access
from qatron.errors import InfrastructureError
from qatron.exit_codes import EXIT_INFRA
from qatron.store import ResultsStore, database_url
from tests.deployments.test_ci_faults import (  # noqa: F401 - auth_api_url: the fixture
    DEPLOYMENT,
    auth_api_url,
    client,
    script_env,
    start,
)
from tests.deployments.test_ci_trigger import started_run
from tests.fixtures.prefect_server import AUTH_STRING
from tests.projects import qatron, write_project

WRONG = "qatron:not-the-password"


def test_the_right_auth_string_is_let_in_and_a_wrong_or_missing_one_is_named(
        prefect_auth_api_url: str) -> None:
    with temporary_settings(updates={PREFECT_API_URL: prefect_auth_api_url,
                                     PREFECT_API_AUTH_STRING: AUTH_STRING}):
        check_access(prefect_auth_api_url)
        with get_client(sync_client=True) as client:
            assert client.api_healthcheck() is None
            assert client.read_flows() is not None  # an authenticated call
    with temporary_settings(updates={PREFECT_API_AUTH_STRING: WRONG}), \
            pytest.raises(InfrastructureError) as wrong:
        check_access(prefect_auth_api_url)
    assert str(wrong.value) == (
        f"the Prefect server at {prefect_auth_api_url} refused PREFECT_API_AUTH_STRING "
        f"(HTTP 401): set PREFECT_API_AUTH_STRING to the server's "
        f"PREFECT_SERVER_API_AUTH_STRING (\"user:password\")")
    with temporary_settings(restore_defaults={PREFECT_API_AUTH_STRING}), \
            pytest.raises(InfrastructureError, match="requires credentials"):
        check_access(prefect_auth_api_url)


def test_qatron_run_with_a_wrong_auth_string_ends_infra_failed_in_one_line(
        prefect_auth_api_url: str, tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: guarded
        suites: {all: {}}
    """, {"tests/test_a.py": "def test_ok():\n    pass\n"})
    env = {"PREFECT_API_URL": prefect_auth_api_url, "PREFECT_API_AUTH_STRING": WRONG}
    result = qatron("run", "--suite", "all", "--project", str(project), "--json", env=env)

    assert result.returncode == EXIT_INFRA, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "refused PREFECT_API_AUTH_STRING (HTTP 401)" in result.stderr
    assert WRONG.split(":")[1] not in result.stdout + result.stderr
    from qatron.config import load_project

    with ResultsStore(database_url(load_project(project))) as store:
        [run] = store.list_runs(project="guarded")
    assert run.status == "infra_failed" and "PREFECT_API_AUTH_STRING" in (run.message or "")


def test_qatron_audit_reads_the_events_of_a_server_with_the_right_auth_string(
        prefect_auth_api_url: str, tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", "project: listed\nsuites: {all: {}}\n", {})
    env = {"PREFECT_API_URL": prefect_auth_api_url, "PREFECT_API_AUTH_STRING": AUTH_STRING}
    listed = qatron("audit", "--project", str(project), "--events", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == {"runs": [], "events": []}

    refused = qatron("audit", "--project", str(project), "--events", env={
        **env, "PREFECT_API_AUTH_STRING": WRONG})
    assert refused.returncode == EXIT_INFRA and "Traceback" not in refused.stderr
    assert "set PREFECT_API_AUTH_STRING" in refused.stderr
    assert os.environ.get("PREFECT_API_AUTH_STRING") is None


def test_the_ci_script_names_its_job_on_the_flow_run_it_starts_with_the_right_auth_string(
        auth_api_url: str, tmp_path: Path) -> None:  # noqa: F811 - the imported fixture
    env = script_env(auth_api_url, tmp_path / "tmp", PREFECT_API_AUTH_STRING=AUTH_STRING,
                     GITHUB_SERVER_URL="https://github.example.com", GITHUB_REPOSITORY="o/r",
                     GITHUB_RUN_ID="77", GITHUB_ACTOR="alice")
    script = start(env)
    try:
        run_id = started_run(script)
        with client(auth_api_url) as prefect:
            flow_run = prefect.read_flow_run(run_id)
            prefect.set_flow_run_state(run_id, State(type=StateType.COMPLETED,
                                                     name="Completed"), force=True)
        script.communicate(timeout=30)
    finally:
        script.kill()
        script.wait()
    assert script.returncode == 0
    trigger = deployment_trigger(DEPLOYMENT, str(run_id), scheduled=False,
                                 labels=dict(flow_run.labels))
    assert {key: trigger[key] for key in ("kind", "by", "url", "deployment")} == {
        "kind": "ci", "by": "github-actions (alice)", "deployment": DEPLOYMENT,
        "url": "https://github.example.com/o/r/actions/runs/77"}
