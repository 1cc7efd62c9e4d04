"""``qatron metrics flakiness``: the real command line, as a subprocess, on a seeded store."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from qatron.config import load_project
from qatron.exit_codes import EXIT_USAGE
from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.run import database_url
from qatron.store import ResultsStore
from tests.projects import qatron, write_project

NO_ENV: dict[str, str] = {}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose store holds 4 runs: a flaky test, a flipping one and a steady one."""
    name = f"metrics-{uuid.uuid4().hex[:8]}"
    later = date.today() + timedelta(days=30)
    root = write_project(tmp_path / "p", f"""
        project: {name}
        suites: {{e2e: {{}}, unit: {{}}}}
        quarantine:
          - {{test: "t.py::test_coupon", owner: payments-team, reason: sandbox PSP, until: {later}}}
    """, {})
    with ResultsStore(database_url(load_project(root))) as store:
        for number in range(4):
            results = [
                TestResult(nodeid="t.py::test_coupon", outcome=Outcome.PASSED,
                           flaky=number % 2 == 0, started_at=1.0),
                TestResult(nodeid="t.py::test_cart", started_at=1.0,
                           outcome=Outcome.FAILED if number == 1 else Outcome.PASSED),
                TestResult(nodeid="t.py::test_login", outcome=Outcome.PASSED, started_at=1.0),
            ]
            run_id = store.create_run(name, "e2e", "local")
            store.save_shard(run_id, ShardResult(index=1, count=1, status=ShardStatus.PASSED,
                                                 results=results))
            store.set_status(run_id, RunStatus.COMPLETED)
    return root


def test_json_lists_the_flakiest_first_with_quarantine(project: Path) -> None:
    done = qatron("metrics", "flakiness", "--project", str(project), "--json", env=NO_ENV)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(r["nodeid"], r["score"], r["flaky_runs"], r["flips"]) for r in rows] == [
        ("t.py::test_coupon", 0.5, 2, 0),
        ("t.py::test_cart", 0.5, 0, 2),
    ]
    coupon, cart = rows
    assert (coupon["quarantined"], coupon["owner"]) == (True, "payments-team")
    assert (cart["quarantined"], cart["owner"], cart["runs"]) == (False, None, 4)
    assert cart["last_failure"] is not None


def test_top_last_and_suite_options(project: Path) -> None:
    top = json.loads(qatron("metrics", "flakiness", "--project", str(project), "--json",
                            "--top", "1", env=NO_ENV).stdout)
    assert [r["nodeid"] for r in top] == ["t.py::test_coupon"]
    recent = json.loads(qatron("metrics", "flakiness", "--project", str(project), "--json",
                               "--last", "2", env=NO_ENV).stdout)
    assert {r["nodeid"]: r["runs"] for r in recent} == {"t.py::test_coupon": 2}
    unit = qatron("metrics", "flakiness", "--project", str(project), "--suite", "unit",
                  env=NO_ENV)
    assert unit.returncode == 0 and "No flaky tests" in unit.stdout


def test_table(project: Path) -> None:
    done = qatron("metrics", "flakiness", "--project", str(project), env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    for text in ("Flakiest tests", "t.py::test_coupon", "0.50", "payments-team", "until"):
        assert text in done.stdout
    assert "test_login" not in done.stdout


def test_unknown_suite_is_a_usage_error(project: Path) -> None:
    done = qatron("metrics", "flakiness", "--project", str(project), "--suite", "e2f",
                  env=NO_ENV)
    assert done.returncode == EXIT_USAGE
    message = " ".join(done.stderr.split())  # the console wraps long lines at its width
    assert "no suite 'e2f'" in message and "Did you mean 'e2e'?" in message
