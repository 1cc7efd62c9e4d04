"""Journeys run for real: three applications (pytest and Node's runner), a live HTTP
service, the run-journey flow on a real Prefect server."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogWorker

from flows.run_journey import run_journey
from flows.run_suite import run_suite
from qatron.journeys.models import JourneyResult, StepResult, StepStatus
from qatron.models import RunSummary
from qatron.store import ResultsStore
from qatron.store.store import RunRecord
from tests.journeys.project import CHECKOUT, journey_project
from tests.projects import artifacts_of, processes_with, qatron


def _last_run(project: Path) -> tuple[RunRecord, RunSummary, list[JourneyResult]]:
    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        record = store.list_runs(project="journeys")[0]
        summary = store.load_summary(record.id)
        journeys = store.journeys(record.id)
    assert summary is not None
    return record, summary, journeys


def _steps(journeys: list[JourneyResult]) -> dict[str, StepResult]:
    return {step.step: step for journey in journeys for step in journey.steps}


def test_data_flows_across_three_applications_and_the_secret_never_shows(
        tmp_path: Path, prefect_api_url: str) -> None:
    tokens = tmp_path / "tokens.txt"
    project = journey_project(tmp_path / "p", tokens, CHECKOUT)

    state = run_journey(journey="checkout", project=str(project), return_state=True)

    record, summary, journeys = _last_run(project)
    assert record.status == "completed" and state.name == "Completed", record.message
    steps = _steps(journeys)
    assert list(steps) == ["users.test_login", "orders.test_place_order", "web.order"]
    assert all(s.status is StepStatus.PASSED for s in steps.values())
    assert steps["orders.test_place_order"].inputs == {"headers": {"Authorization": "***"}}
    assert steps["orders.test_place_order"].needs == ["users.test_login"]
    assert steps["web.order"].inputs == {"token": "***", "order_id": "1"}
    assert steps["web.order"].outputs == {"status": "confirmed", "order": "1"}
    assert steps["users.test_login"].outputs == {"token": "***", "bearer": "***", "user": "ada"}
    assert sorted(r.nodeid for r in summary.results) == [
        "journey:checkout::orders.test_place_order", "journey:checkout::users.test_login",
        "journey:checkout::web.order"]
    assert not list((project / "web").glob("junit-*.xml"))  # kept in the run folder only
    token = tokens.read_text().strip()
    assert token.startswith("tok-") and len(token.splitlines()) == 1
    leaked = subprocess.run(["grep", "-rla", token, str(project)], capture_output=True,
                            text=True)
    assert leaked.stdout == "", f"the token is in {leaked.stdout}"
    masked = subprocess.run(["grep", "-rl", "with \\*\\*\\*", str(project / ".qatron")],
                            capture_output=True, text=True).stdout
    assert "users.test_login" in masked and "orders.test_place_order" in masked  # printed
    flow_run_id = UUID(str(state.state_details.flow_run_id))
    for artifact in artifacts_of(flow_run_id):
        assert token not in str(artifact.data) and token not in str(artifact.description)
    APILogWorker.drain_all(timeout=10)
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    assert logs and not [log.message for log in logs if token in log.message]


PARALLEL = """\
parallel:
  steps:
    - {app: users, test: "steps/test_users.py::test_slow_a"}
    - {app: orders, test: "steps/test_users.py::test_slow_b"}
    - {app: users, test: "steps/test_users.py::test_second_time_lucky", retries: 1,
       after: [users.test_slow_a, orders.test_slow_b]}
"""


def test_independent_steps_overlap_and_a_failed_attempt_is_retried(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = journey_project(tmp_path / "p", tmp_path / "tokens.txt", PARALLEL)

    run_journey(journey="parallel", project=str(project), return_state=True)

    record, summary, journeys = _last_run(project)
    assert record.status == "completed", record.message
    steps = _steps(journeys)
    a, b = steps["users.test_slow_a"].outputs, steps["orders.test_slow_b"].outputs
    assert max(a["started"], b["started"]) < min(a["ended"], b["ended"]), (a, b)
    lucky = steps["users.test_second_time_lucky"]
    assert lucky.status is StepStatus.PASSED and lucky.attempts == 2
    assert lucky.outputs == {"attempts": 2}
    assert lucky.started_at is not None and lucky.started_at >= max(a["ended"], b["ended"])
    assert {r.nodeid: r for r in summary.results}[
        "journey:parallel::users.test_second_time_lucky"].flaky


BROKEN = """\
broken:
  steps:
    - {app: users, test: "steps/test_users.py::test_broken"}
    - {app: orders, test: "steps/test_orders.py::test_place_order"}
    - {app: web, test: test/order.test.mjs}
    - {app: users, test: "steps/test_users.py::test_slow_a"}
  data_flow:
    users.test_broken.return.bearer: orders.test_place_order.headers.Authorization
    orders.test_place_order.return.order_id: web.order.order_id
"""


def test_a_failed_step_skips_what_depends_on_it_and_the_rest_runs(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = journey_project(tmp_path / "p", tmp_path / "tokens.txt", BROKEN)

    state = run_journey(journey="broken", project=str(project), return_state=True)

    record, summary, journeys = _last_run(project)
    assert record.status == "failed" and state.name == "Failed", record.message
    steps = _steps(journeys)
    assert steps["users.test_broken"].status is StepStatus.FAILED
    assert steps["users.test_broken"].reason == (
        "test_broken failed: AssertionError: 503 from /login")
    assert steps["orders.test_place_order"].status is StepStatus.SKIPPED
    assert steps["orders.test_place_order"].reason == (
        "skipped: users.test_broken failed: test_broken failed: AssertionError: 503 from /login")
    assert steps["web.order"].status is StepStatus.SKIPPED
    assert steps["web.order"].reason == steps["orders.test_place_order"].reason  # the cause
    assert steps["users.test_slow_a"].status is StepStatus.PASSED
    assert steps["orders.test_place_order"].attempts == 0  # never run
    assert "1 passed, 1 failed, 2 skipped" in record.message


DOWN = """\
ledger:
  steps:
    - {app: users, test: "steps/test_users.py::test_login"}
    - {app: ledger, test: "steps/test_orders.py::test_place_order"}
    - {app: web, test: test/order.test.mjs}
    - {app: users, test: "steps/test_users.py::test_slow_a"}
  data_flow:
    users.test_login.return.bearer: ledger.test_place_order.headers.Authorization
    users.test_login.return.token: web.order.token
    ledger.test_place_order.return.order_id: web.order.order_id
"""


def test_an_application_down_skips_its_steps_and_their_dependents_only(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = journey_project(tmp_path / "p", tmp_path / "tokens.txt", DOWN, unhealthy=True)

    state = run_journey(journey="ledger", project=str(project), return_state=True)

    record, _, journeys = _last_run(project)
    assert record.status == "infra_failed" and state.name == "InfraFailed", record.message
    steps = _steps(journeys)
    assert steps["users.test_login"].status is StepStatus.PASSED
    assert steps["users.test_slow_a"].status is StepStatus.PASSED
    down = steps["ledger.test_place_order"]
    assert down.status is StepStatus.DOWN and down.attempts == 0
    assert down.reason.startswith("ledger is down: ") and "503" in down.reason, down.reason
    assert steps["web.order"].status is StepStatus.SKIPPED
    assert steps["web.order"].reason.startswith(
        "skipped: ledger.test_place_order could not run: ledger is down: ")
    assert processes_with(str(project)) == []


def test_a_suite_runs_its_journeys_after_its_tests_on_the_same_environment(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = journey_project(tmp_path / "p", tmp_path / "tokens.txt", CHECKOUT)
    text = (project / "qatron.yml").read_text()
    (project / "qatron.yml").write_text(text.replace(
        "paths: [steps/test_noop.py]}", "paths: [steps/test_noop.py], journeys: [checkout]}"))

    state = run_suite(suite="all", project=str(project), return_state=True)

    record, summary, journeys = _last_run(project)
    assert record.status == "completed" and state.name == "Completed", record.message
    assert [s.index for s in summary.shards] == [1, 2]
    assert [r.nodeid for r in summary.shards[0].results] == ["steps/test_noop.py::test_noop"]
    assert len(summary.shards[1].results) == 3 and [j.name for j in journeys] == ["checkout"]
    assert [j.name for j in summary.journeys] == ["checkout"]


def test_the_cli_runs_and_lists_journeys(tmp_path: Path, prefect_api_url: str) -> None:
    project = journey_project(tmp_path / "p", tmp_path / "tokens.txt", CHECKOUT + BROKEN)
    env: dict[str, Any] = {"PREFECT_API_URL": prefect_api_url}

    listed = qatron("journey", "list", "--project", str(project), "--json", env=env)
    ran = qatron("journey", "run", "checkout", "--project", str(project), env=env)
    failed = qatron("journey", "run", "broken", "--project", str(project), env=env)
    unknown = qatron("journey", "run", "checkuot", "--project", str(project), env=env)

    assert listed.returncode == 0, listed.stderr
    assert '"step": "web.order"' in listed.stdout and '"order_id"' in listed.stdout
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert unknown.returncode == 2 and "Did you mean 'checkout'?" in unknown.stderr
    assert "Traceback" not in unknown.stderr
