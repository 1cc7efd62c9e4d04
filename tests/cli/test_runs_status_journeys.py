"""``qatron runs status`` of a run with journeys: in its JSON and as a table per journey."""

from __future__ import annotations

import json
from pathlib import Path

from qatron.config import load_project
from qatron.journeys.models import JourneyResult, StepResult, StepStatus
from qatron.options import RunOptions
from qatron.run import database_url, open_run
from qatron.store import ResultsStore
from tests.projects import qatron, write_project

LOGIN, PAY = "user-service.test_login", "payment-service.test_create_payment"
LONG = "x" * 200


def checkout() -> JourneyResult:
    return JourneyResult("checkout", [
        StepResult("checkout", LOGIN, "user-service", "journeys/test_users.py::test_login",
                   StepStatus.PASSED, outputs={"token": "***", "note": LONG},
                   secrets=["token"], attempts=1, started_at=100.0, finished_at=101.5),
        StepResult("checkout", PAY, "payment-service",
                   "journeys/test_payments.py::test_create_payment", StepStatus.FAILED,
                   reason="[red]402[/] card declined", needs=[LOGIN],
                   inputs={"headers": {"Authorization": "***"}}, attempts=2,
                   started_at=101.5, finished_at=103.0),
    ])


def test_runs_status_shows_each_journeys_steps(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: journeys
        environments: {local: {}}
        suites: {all: {}}
    """, {"tests/test_one.py": "def test_one():\n    pass\n"})
    ctx = open_run(project, RunOptions("all", "local"))
    with ResultsStore(database_url(load_project(project))) as store:
        store.save_journey(ctx.run_id, checkout())

    done = qatron("runs", "status", str(ctx.run_id), "-p", str(project),
                  env={"COLUMNS": "250"})
    assert done.returncode == 0, done.stderr

    [journey] = json.loads(done.stdout)["journeys"]
    assert (journey["name"], journey["passed"]) == ("checkout", False)
    login, pay = journey["steps"]
    assert (login["step"], login["status"], login["outputs"]) == (
        LOGIN, "passed", {"token": "***", "note": LONG})
    assert (pay["status"], pay["reason"], pay["needs"], pay["inputs"], pay["attempts"]) == (
        "failed", "[red]402[/] card declined", [LOGIN], {"headers": {"Authorization": "***"}}, 2)

    table = done.stderr
    assert "Journey checkout" in table
    login_line = next(line for line in table.splitlines() if LOGIN in line)
    assert "user-service" in login_line and "passed" in login_line
    assert '{"token": "***", "note": "xxx' in login_line and "…" in login_line
    assert LONG not in table  # outputs are truncated in the table
    pay_line = next(line for line in table.splitlines() if PAY in line)
    assert "failed" in pay_line and "[red]402[/] card declined" in pay_line


def test_runs_status_of_a_run_without_journeys(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: plain
        environments: {local: {}}
        suites: {all: {}}
    """, {"tests/test_one.py": "def test_one():\n    pass\n"})
    ctx = open_run(project, RunOptions("all", "local"))
    done = qatron("runs", "status", str(ctx.run_id), "-p", str(project), env={})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["journeys"] == []
    assert "Journey" not in done.stderr
