"""The real ``qatron`` command line, as a subprocess, against a real Prefect server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from qatron.exit_codes import EXIT_USAGE
from qatron.models import RunStatus
from tests.projects import QATRON, copy_shop, processes_with, qatron, write_project


@pytest.fixture
def api_env(prefect_api_url: str) -> dict[str, str]:
    return {"PREFECT_API_URL": prefect_api_url}


def test_run_smoke_then_read_the_run_back(api_env: dict[str, str], tmp_path: Path) -> None:
    shop = copy_shop(tmp_path / "shop")
    done = qatron("run", "--project", str(shop), "--suite", "smoke", "--env", "local",
                  "--branch", "main", "--commit", "abc123", "--json", env=api_env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "completed" and result["exit_code"] == 0
    assert result["counts"]["passed"] >= 5 and result["counts"]["failed"] == 0
    run_id = str(result["id"])

    listed = json.loads(qatron("runs", "list", "--project", str(shop), "--json",
                               env=api_env).stdout)
    assert [r["id"] for r in listed] == [result["id"]]
    status = json.loads(qatron("runs", "status", run_id, "--project", str(shop),
                               env=api_env).stdout)
    assert (status["status"], status["branch"], status["commit"]) == ("completed", "main",
                                                                      "abc123")
    logs = qatron("runs", "logs", run_id, "--project", str(shop), env=api_env)
    assert "passed" in logs.stdout and "service-user-service" in logs.stdout
    out = tmp_path / "artifacts"
    copied = qatron("runs", "artifacts", run_id, "--project", str(shop), "--output", str(out),
                    env=api_env)
    assert copied.returncode == 0
    junit = ET.parse(out / "junit.xml").getroot()
    assert int(junit.get("tests")) == result["counts"]["total"]
    assert (out / "report.html").stat().st_size > 1_000_000  # plotly.js is embedded


def test_exit_codes_follow_the_run_status(api_env: dict[str, str], tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: codes
        environments:
          local: {}
          broken:
            services:
              api: {command: "exit 3", health_check: "{url}/health"}
        suites: {all: {}}
    """, {"tests/test_one.py": "def test_one():\n    assert False, 'boom'\n"})
    failed = qatron("run", "--project", str(project), "--suite", "all", env=api_env)
    assert failed.returncode == RunStatus.FAILED.exit_code == 1
    assert "boom" not in failed.stderr or "Traceback" not in failed.stderr
    infra = qatron("run", "--project", str(project), "--suite", "all", "--env", "broken",
                   "--json", env=api_env)
    assert infra.returncode == RunStatus.INFRA_FAILED.exit_code == 5
    assert "exited with code 3" in json.loads(infra.stdout)["message"]


def test_malformed_config_is_one_clear_message(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: bad
        suites:
          smoke:
            shards: four
    """, {})
    done = qatron("run", "--project", str(project), "--suite", "smoke", env={})
    assert done.returncode == EXIT_USAGE
    assert "qatron.yml:5: suites.smoke.shards: expected a valid integer; got 'four'" in \
        done.stderr.replace("\n", "")
    assert "Traceback" not in done.stderr
    assert not (project / ".qatron").exists()


def test_unknown_suite_and_environment_list_the_valid_ones(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path / "shop")
    suite = qatron("run", "--project", str(shop), "--suite", "smok", env={})
    assert suite.returncode == EXIT_USAGE
    assert "no suite 'smok'" in suite.stderr and "Did you mean 'smoke'?" in suite.stderr
    env = qatron("run", "--project", str(shop), "--suite", "smoke", "--env", "prod", env={})
    assert env.returncode == EXIT_USAGE
    assert "valid environments: local, seeded, staging" in env.stderr
    assert "Traceback" not in suite.stderr + env.stderr


def test_ctrl_c_cancels_and_tears_everything_down(api_env: dict[str, str], tmp_path: Path) -> None:
    marker = f"qatron-cancel-{time.time_ns()}"
    project = write_project(tmp_path / "p", f"""
        project: cancel
        environments:
          local:
            services:
              api:
                command: "{{python}} -m http.server {{port}} --bind 127.0.0.1 --directory {marker}"
                health_check: "{{url}}/"
        suites: {{all: {{shards: 2, sharding: history}}}}
    """, {f"{marker}/index.html": "ok", "tests/test_wait.py": """
        import time
        from pathlib import Path
        import pytest
        @pytest.mark.parametrize("n", [1, 2])
        def test_wait(n):
            Path(__file__).with_name(f"started-{n}").write_text("x")
            time.sleep(120)
    """})
    process = subprocess.Popen(
        [str(QATRON), "run", "--project", str(project), "--suite", "all", "--json"],
        env={**os.environ, **api_env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    started = [project / "tests" / f"started-{n}" for n in (1, 2)]
    deadline = time.monotonic() + 120
    while not all(p.exists() for p in started) and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.2)
    assert processes_with(marker), "the service should be running"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)

    assert process.returncode == RunStatus.CANCELLED.exit_code, stderr
    assert json.loads(stdout)["status"] == "cancelled"
    assert not processes_with(marker)
    assert not processes_with(str(project / "tests"))


def test_init_scaffolds_a_project_that_runs_green(api_env: dict[str, str], tmp_path: Path) -> None:
    created = qatron("init", "demo", "--path", str(tmp_path / "demo"), env={})
    assert created.returncode == 0, created.stderr
    done = qatron("run", "--project", str(tmp_path / "demo"), "--suite", "regression",
                  "--json", env=api_env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["counts"]["passed"] >= 6
    again = qatron("init", "demo", "--path", str(tmp_path / "demo"), env={})
    assert again.returncode == EXIT_USAGE and "not empty" in again.stderr


def test_cancelling_from_the_prefect_api_stops_an_embedded_run(
    api_env: dict[str, str], tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.states import Cancelling

    project = write_project(tmp_path / "p", """
        project: uicancel
        suites: {all: {}}
    """, {"tests/test_wait.py": """
        import time
        from pathlib import Path
        def test_wait():
            Path(__file__).with_name("started").write_text("x")
            time.sleep(120)
    """})
    process = subprocess.Popen(
        [str(QATRON), "run", "--project", str(project), "--suite", "all", "--json"],
        env={**os.environ, **api_env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 120
    while not (project / "tests" / "started").exists() and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.2)
    status = json.loads(qatron("runs", "status", "1", "--project", str(project),
                               env=api_env).stdout)
    with get_client(sync_client=True) as client:
        client.set_flow_run_state(status["flow_run_id"], Cancelling(), force=True)
    stdout, stderr = process.communicate(timeout=60)

    assert process.returncode == RunStatus.CANCELLED.exit_code, stderr
    assert json.loads(stdout)["status"] == "cancelled"
    assert not processes_with(str(project / "tests"))
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(status["flow_run_id"]).state.name == "Cancelled"
