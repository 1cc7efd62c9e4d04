"""``qatron load history``: a load test's runs from the results store, newest first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qatron.config import load_project
from qatron.load.models import CriterionVerdict, EndpointStats, LoadResult, LoadStatus
from qatron.models import RunStatus
from qatron.run import database_url
from qatron.store import ResultsStore
from tests.projects import qatron, write_project

T0 = 1_764_770_000.0
QATRON_YML = """
    project: shop
    environments: {local: {}}
    suites: {all: {}}
    load_tests:
      payments:
        target: http://127.0.0.1:8002
        behaviour: {endpoints: [{method: POST, path: /payments}]}
        criteria: {p95_ms: 150, regression: {p95_ms: 20%}}
      search:
        target: http://127.0.0.1:8003
        behaviour: {endpoints: [{path: /search}]}
"""


def measured(p95: float, failures: int, started: float) -> LoadResult:
    passed = p95 <= 150
    verdict = CriterionVerdict("p95_ms", 150.0, p95, passed,
                               f"p95 {p95:.0f} ms {'<=' if passed else '>'} 150 ms")
    return LoadResult(
        "payments", "http://127.0.0.1:8002", LoadStatus.PASSED if passed else LoadStatus.FAILED,
        message=verdict.text, started_at=started, finished_at=started + 30, users_peak=20,
        total=EndpointStats("Aggregated", requests=2_000, failures=failures, rps=66.7,
                            p50_ms=41.0, p90_ms=90.0, p95_ms=p95, p99_ms=310.0, max_ms=800.0),
        verdicts=[verdict])


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, list[int]]:
    """The shop with three runs of ``payments`` (the last failed its p95) and one that could
    not reach its target; another project's run in the same database."""
    root = write_project(tmp_path / "shop", QATRON_YML, {})
    with ResultsStore(database_url(load_project(root))) as store:
        runs = []
        for index, (p95, failures) in enumerate([(120.0, 0), (131.0, 20), (182.0, 64)]):
            run_id = store.create_run("shop", "load:payments", "local", commit=f"c0ffee{index}")
            store.save_load_result(run_id, measured(p95, failures, T0 + 3600 * index))
            store.set_status(run_id, RunStatus.COMPLETED if p95 <= 150 else RunStatus.FAILED)
            runs.append(run_id)
        down = store.create_run("shop", "load:payments", "local")
        store.save_load_result(down, LoadResult(
            "payments", "http://127.0.0.1:8002", LoadStatus.INFRA_FAILED, started_at=T0 + 14_400,
            message="connection refused by http://127.0.0.1:8002"))
        runs.append(down)
        other = store.create_run("bank", "load:payments", "local")
        store.save_load_result(other, measured(5.0, 0, T0))
    return root, runs


def test_history_as_json_is_newest_first(project: tuple[Path, list[int]]) -> None:
    root, runs = project
    done = qatron("load", "history", "payments", "-p", str(root), "--json", env={})
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [row["run_id"] for row in rows] == runs[::-1]
    down, failed, _, first = rows
    assert (down["status"], down["requests"], down["message"]) == (
        "infra_failed", 0, "connection refused by http://127.0.0.1:8002")
    assert (failed["status"], failed["run_status"], failed["commit"], failed["p95_ms"],
            failed["error_rate"], failed["failed_criteria"]) == (
        "failed", "failed", "c0ffee2", 182.0, 0.032,
        [{"criterion": "p95_ms", "text": "p95 182 ms > 150 ms"}])
    assert failed["when"] == "2025-12-03T15:53:20+00:00"
    assert (first["status"], first["failed_criteria"], first["rps"]) == ("passed", [], 66.7)


def test_history_table_shows_figures_and_failed_criteria(
        project: tuple[Path, list[int]]) -> None:
    root, runs = project
    done = qatron("load", "history", "payments", "-p", str(root), "--last", "3",
                  env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    assert "Load test payments" in done.stdout
    lines = {run_id: next(line for line in done.stdout.splitlines()
                          if line.strip("│ ").startswith(f"{run_id} "))
             for run_id in runs[1:]}
    failed = lines[runs[2]]
    for expected in ("2025-12-03 15:53:20", "failed", "2000", "66.7", "41 ms", "182 ms",
                     "310 ms", "3.2%", "p95 182 ms > 150 ms"):
        assert expected in failed, (expected, failed)
    assert "passed" in lines[runs[1]] and "1.0%" in lines[runs[1]]
    assert "connection refused" in lines[runs[3]]
    assert f"│ {runs[0]} " not in done.stdout  # --last 3


def test_a_load_test_without_runs_says_so(project: tuple[Path, list[int]]) -> None:
    root, _ = project
    done = qatron("load", "history", "search", "-p", str(root), env={})
    assert done.returncode == 0, done.stderr
    assert "no run of load test search in the results store yet" in done.stderr
    as_json = qatron("load", "history", "search", "-p", str(root), "--json", env={})
    assert (as_json.returncode, json.loads(as_json.stdout)) == (0, [])


def test_an_unknown_load_test_is_a_usage_error(project: tuple[Path, list[int]]) -> None:
    root, _ = project
    done = qatron("load", "history", "payment", "-p", str(root), env={})
    assert done.returncode == 2
    assert "no load test 'payment'; valid load tests: payments, search." in done.stderr
    assert "Did you mean 'payments'?" in done.stderr
    assert done.stdout == ""
