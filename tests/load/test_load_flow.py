"""Load tests through the run-load-test flow and the command line: real Locust, real
services, a real Prefect server."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from flows.run_load import run_load_test
from flows.run_suite import run_suite
from qatron.load.models import LoadResult, LoadStatus
from qatron.processes import free_port
from qatron.store import ResultsStore
from qatron.store.store import RunRecord
from tests.projects import QATRON, REPO, copy_shop, processes_with, write_project

TARGET = REPO / "tests" / "load" / "target.py"
PROJECT = f"""\
project: loady
applications:
  api: {{path: ., tests: [tests]}}
environments:
  local:
    services:
      api: {{command: "{{python}} {TARGET} --port {{port}}", health_check: "{{url}}/health"}}
suites:
  all: {{load_tests: [hit]}}
load_tests:
  hit:
    target: "{{api.url}}"
    behaviour:
      think_time: 0.02
      endpoints: [{{path: /fast}}]
    shape: {{pattern: sustained, users: 3, duration: 3}}
    workers: 0
    criteria: {{max_error_rate: 0.5, min_requests: 10, regression: {{p95_ms: 100%}}}}
"""


def _project(tmp_path: Path, text: str = PROJECT) -> Path:
    return write_project(tmp_path / "p", text,
                         {"tests/test_ok.py": "def test_ok():\n    assert True\n"})


def _last(project: Path, name: str = "loady") -> tuple[RunRecord, list[LoadResult]]:
    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        record = store.list_runs(project=name)[0]
        return record, store.load_results(record.id)


def test_the_shops_payment_flow_meets_its_criteria_and_anonymous_payments_do_not(
        tmp_path: Path, prefect_api_url: str) -> None:
    shop = copy_shop(tmp_path / "shop")

    passed = run_load_test(load_test="payments", project=str(shop), return_state=True)
    record, (payments,) = _last(shop, "shop")
    failed = run_load_test(load_test="anonymous-payments", project=str(shop),
                           return_state=True)
    failed_record, (anonymous,) = _last(shop, "shop")

    assert passed.name == "Completed" and record.status == "completed", record.message
    assert payments.status is LoadStatus.PASSED and payments.workers == 2
    assert {v.criterion for v in payments.verdicts} == {
        "p95_ms", "max_error_rate", "min_requests", "regression.p95_ms"}
    assert payments.total.requests >= 20 and payments.total.failures == 0
    assert {e.name for e in payments.endpoints} >= {"POST /payments",
                                                     "GET /users/{id}/payments"}
    assert payments.timeline and max(p.users for p in payments.timeline) == 6
    assert payments.resources and all(s.memory_mb > 0 for s in payments.resources)
    junit = ET.parse(Path(record.run_dir or "") / "junit.xml").getroot()
    assert "load:payments::p95_ms" in {f"{c.get('classname')}::{c.get('name')}"
                                       for c in junit.iter("testcase")} | {
        c.get("name") for c in junit.iter("testcase")}
    assert "Load test payments" in (Path(record.run_dir or "") / "report.html").read_text()

    assert failed.name == "Failed" and failed_record.status == "failed"
    assert anonymous.status is LoadStatus.FAILED
    assert "error rate" in failed_record.message and "> 1%" in failed_record.message
    assert any(e.name == "POST /payments" and "401" in e.error for e in anonymous.errors)


def test_a_figure_worse_than_the_last_passing_run_fails_the_regression_limit(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = _project(tmp_path)
    first = run_load_test(load_test="hit", project=str(project), return_state=True)
    first_record, (baseline,) = _last(project)
    config = project / "qatron.yml"
    config.write_text(config.read_text().replace("path: /fast", "path: /slow"))

    second = run_load_test(load_test="hit", project=str(project), return_state=True)

    record, (slower,) = _last(project)
    assert first.name == "Completed" and baseline.status is LoadStatus.PASSED
    assert second.name == "Failed" and slower.status is LoadStatus.FAILED, record.message
    assert slower.baseline_run_id == first_record.id
    regression = next(v for v in slower.verdicts if v.criterion == "regression.p95_ms")
    assert not regression.passed
    assert f"worse than run {first_record.id}'s" in regression.text
    assert regression.text in record.message


def test_a_target_that_does_not_answer_is_infra_failed(tmp_path: Path,
                                                        prefect_api_url: str) -> None:
    port = free_port()
    project = _project(tmp_path, PROJECT.replace('target: "{api.url}"',
                                                 f'target: "http://127.0.0.1:{port}"'))

    state = run_load_test(load_test="hit", project=str(project), return_state=True)

    record, (result,) = _last(project)
    assert state.name == "InfraFailed" and record.status == "infra_failed", record.message
    assert result.status is LoadStatus.INFRA_FAILED and result.total.requests == 0
    assert "does not answer" in result.message and str(port) in result.message


def test_a_suite_runs_its_load_tests_after_its_tests(tmp_path: Path,
                                                     prefect_api_url: str) -> None:
    project = _project(tmp_path)

    state = run_suite(suite="all", project=str(project), return_state=True)

    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        record = store.list_runs(project="loady")[0]
        summary = store.load_summary(record.id)
    assert state.name == "Completed" and summary is not None, record.message
    assert [s.index for s in summary.shards] == [1, 2]
    assert [r.nodeid for r in summary.shards[1].results] == [
        "load:hit::max_error_rate", "load:hit::min_requests", "load:hit::regression.p95_ms"]
    assert [r.name for r in summary.load_tests] == ["hit"]


def test_ctrl_c_stops_locust_within_seconds_and_keeps_the_figures(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = _project(tmp_path, PROJECT.replace("users: 3, duration: 3",
                                                 "users: 3, duration: 120")
                       .replace("workers: 0", "workers: 2"))
    process = subprocess.Popen(
        [str(QATRON), "load", "run", "hit", "--project", str(project)],
        env={**__import__("os").environ, "PREFECT_API_URL": prefect_api_url},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    live = project / ".qatron" / "runs" / "1" / "load" / "hit" / "live.json"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not (
            live.exists() and json.loads(live.read_text() or "{}").get("requests", 0) > 0):
        time.sleep(0.2)
    assert live.exists(), process.communicate(timeout=30)
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    stopped = time.monotonic() - interrupted

    record, (result,) = _last(project)
    assert process.returncode == 130, out + err
    assert record.status == "cancelled" and stopped < 30, (stopped, record.message)
    assert result.status is LoadStatus.CANCELLED and result.total.requests > 0
    assert processes_with(str(project)) == []
