"""``qatron metrics runs|coverage|quality`` and ``qatron report dashboard``: the real command
line, as a subprocess, on the generated histories."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from qatron.exit_codes import EXIT_USAGE
from tests.analytics.conftest import REFUND, Histories
from tests.projects import qatron

NO_ENV: dict[str, str] = {}


def test_quality_json_has_every_scope_with_metrics_and_insights(histories: Histories) -> None:
    done = qatron("metrics", "quality", "--project", str(histories.project.root), "--json",
                  env=NO_ENV)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    scopes = {scope["suite"]: scope for scope in data["scopes"]}
    assert len(scopes) == 7 and data["window"] == 20
    flaky = scopes["flaky"]
    assert [i["evidence"]["nodeid"] for i in flaky["insights"] if i["kind"] == "flaky_test"] \
        == [REFUND]
    statuses = {m["name"]: m["status"] for m in scopes["steady"]["metrics"]}
    assert statuses["pass_rate"] == "good" and statuses["branch_coverage"] is None
    assert scopes["steady"]["score"] == 100.0 and data["summary"].startswith(
        f"{histories.project.name}: quality ")


def test_runs_and_coverage_json_with_filters(histories: Histories) -> None:
    root = str(histories.project.root)
    runs = json.loads(qatron("metrics", "runs", "--project", root, "--suite", "drop",
                             "--env", "staging", "--last", "5", "--json", env=NO_ENV).stdout)
    assert [scope["suite"] for scope in runs] == ["drop"]
    assert [run["run_id"] for run in runs[0]["runs"]] == histories.ids["drop"][-5:]
    assert runs[0]["runs"][-1]["pass_rate"] == 0.7
    coverage = json.loads(qatron("metrics", "coverage", "--project", root, "--suite", "trend",
                                 "--json", env=NO_ENV).stdout)
    unit = next(row for row in coverage if row["metric"] == "line_coverage.unit")
    assert (unit["value"], unit["status"], unit["trend"]) == (79.5, "warning", "improving")
    unknown = qatron("metrics", "quality", "--project", root, "--suite", "nope", env=NO_ENV)
    assert unknown.returncode == EXIT_USAGE and "nope" in unknown.stderr


def test_quality_table_for_people(histories: Histories) -> None:
    done = qatron("metrics", "quality", "--project", str(histories.project.root), "--suite",
                  "growth", env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    for text in ("growth on staging: quality 100/100", "Suite duration", "declining",
                 "[critical] suite duration +59% since run", "→ look at what changed"):
        assert text in done.stdout, text


def test_dashboard_command_writes_the_page(histories: Histories, tmp_path: Path) -> None:
    out = tmp_path / "dash" / "quality.html"
    done = qatron("report", "dashboard", "--project", str(histories.project.root), "--out",
                  str(out), env=NO_ENV)
    assert done.returncode == 0, done.stderr
    assert "over 7 suite/environment pair(s): dashboard in" in done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("* plotly.js v") == 1 and "<script src=" not in page


def test_since_keeps_the_runs_created_that_day_or_later(histories: Histories) -> None:
    root = str(histories.project.root)

    def run_ids(since: date) -> list[list[int]]:
        done = qatron("metrics", "runs", "--project", root, "--suite", "drop", "--since",
                      since.isoformat(), "--json", env=NO_ENV)
        assert done.returncode == 0, done.stderr
        return [[run["run_id"] for run in scope["runs"]] for scope in json.loads(done.stdout)]

    assert run_ids(date.today() - timedelta(days=1)) == [histories.ids["drop"][-20:]]
    assert run_ids(date.today() + timedelta(days=1)) == [[]]
