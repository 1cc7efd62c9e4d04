"""Who triggered a run (CI variables, user and host, deployments), the run webhooks'
configuration and body, and ``qatron audit`` on a real store: no server needed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qatron.audit import ci_job, deployment_trigger, describe, local_trigger, user_at_host
from qatron.cli.audit import parse_since
from qatron.cli.commands import app
from qatron.config import ProjectConfig, load_project
from qatron.config_webhooks import RUN_COMPLETED, RUN_EVENTS, RunWebhook
from qatron.errors import ConfigError
from qatron.models import RunStatus
from qatron.store import ResultsStore, database_url
from qatron.webhooks import end_event, run_payload
from tests.projects import write_project

GITHUB = {"GITHUB_SERVER_URL": "https://github.example.com", "GITHUB_REPOSITORY": "o/r",
          "GITHUB_RUN_ID": "42", "GITHUB_ACTOR": "alice"}


@pytest.mark.parametrize(("env", "by", "url"), [
    (GITHUB, "github-actions (alice)", "https://github.example.com/o/r/actions/runs/42"),
    ({"CI_JOB_URL": "https://gitlab.example.com/o/r/-/jobs/7", "GITLAB_USER_LOGIN": "bob"},
     "gitlab-ci (bob)", "https://gitlab.example.com/o/r/-/jobs/7"),
    ({"BUILD_URL": "https://ci.example.com/job/x/3/", "JOB_NAME": "x"}, "jenkins (x)",
     "https://ci.example.com/job/x/3/"),
], ids=["github", "gitlab", "jenkins"])
def test_a_run_in_ci_names_its_job(env: dict[str, str], by: str, url: str) -> None:
    assert ci_job(env) == {"by": by, "url": url}
    trigger = local_trigger(env, via="qatron run")
    assert trigger == {"kind": "ci", "by": by, "url": url, "user": user_at_host(),
                       "via": "qatron run"}
    assert describe(trigger) == f"ci: {by} {url}"


def test_outside_ci_the_user_at_the_host_triggered_it() -> None:
    assert ci_job({}) is None
    assert local_trigger({}, via="qatron run") == {"kind": "cli", "by": user_at_host(),
                                                   "via": "qatron run"}
    assert "@" in user_at_host() and describe(None) == "unknown"


def test_a_deployment_run_is_a_schedule_or_an_api_call() -> None:
    scheduled = deployment_trigger("run-suite/nightly", "f1", scheduled=True,
                                   parameters={"suite": "all", "shards": None, "x": [1]})
    assert scheduled == {"kind": "schedule", "by": "run-suite/nightly", "flow_run": "f1",
                         "parameters": {"suite": "all", "shards": None}}
    called = deployment_trigger("run-suite/smoke", "f2", scheduled=False, created_by="ci-bot")
    assert describe(called) == "api: run-suite/smoke (created by ci-bot)"


def test_webhooks_in_qatron_yml_are_checked() -> None:
    hook = RunWebhook(url="https://bots.example.com/x")
    assert tuple(hook.events) == RUN_EVENTS and hook.retries == 3
    with pytest.raises(ValueError, match="http"):
        RunWebhook(url="ftp://bots.example.com/x")
    with pytest.raises(ValueError, match="run.started"):
        RunWebhook.model_validate({"url": "https://b/x", "events": ["run.finished"]})
    config = ProjectConfig.model_validate({"project": "p", "suites": {"all": {}}, "webhooks": {
        "bot": {"url": "https://b/x", "events": ["run.failed"]}}})
    assert not config.webhooks["bot"].wants(RUN_COMPLETED)


def test_the_body_counts_outcomes_and_the_duration(tmp_path: Path) -> None:
    from qatron.models import Outcome, ShardResult, ShardStatus, TestResult

    with ResultsStore(f"sqlite:///{tmp_path}/r.db") as store:
        run_id = store.create_run("p", "all", "local")
        store.save_shard(run_id, ShardResult(index=1, count=1, status=ShardStatus.FAILED,
                                             results=[
            TestResult(nodeid=f"t::{o.value}", outcome=o) for o in Outcome]))
        store.set_status(run_id, RunStatus.RUNNING)
        store.set_status(run_id, RunStatus.FAILED, "1 failed")
        record = store.get_run(run_id)
    assert record is not None
    body = run_payload(end_event(record.status), record, report_url="file:///r.html",
                       triggered_by={"kind": "cli"})
    assert body["event"] == "run.failed" and body["message"] == "1 failed"
    assert body["counts"] == {"passed": 1, "failed": 1, "skipped": 2, "errors": 1}
    assert body["duration"] is not None and body["duration"] >= 0
    assert end_event(RunStatus.COMPLETED) == "run.completed"


def test_qatron_audit_lists_the_runs_triggers_since_a_date(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", "project: audited\nsuites: {all: {}}\n", {})
    with ResultsStore(database_url(load_project(project))) as store:
        first = store.create_run("audited", "all", "local")
        second = store.create_run("audited", "all", "local")
        store.record_trigger(second, {"kind": "ci", "by": "gitlab-ci (bob)",
                                      "url": "https://gitlab.example.com/j/1"})
    runner = CliRunner()
    job = {"kind": "ci", "by": "gitlab-ci (bob)", "url": "https://gitlab.example.com/j/1"}
    listed = runner.invoke(app, ["audit", "--project", str(project), "--json"])
    assert listed.exit_code == 0, listed.output
    runs = json.loads(listed.stdout)["runs"]
    assert [(r["run_id"], r["triggered_by"]) for r in runs] == [
        (second, job), (first, None)]
    table = runner.invoke(app, ["audit", "--project", str(project)])
    assert table.exit_code == 0 and "gitlab-ci" in table.output and "unknown" in table.output
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    later = runner.invoke(app, ["audit", "--project", str(project), "--since", tomorrow,
                                "--json"])
    assert json.loads(later.stdout) == {"runs": []}


def test_since_takes_a_date_or_a_time() -> None:
    assert parse_since("2026-12-01") == datetime(2026, 12, 1, tzinfo=UTC)
    assert parse_since("2026-12-01T08:00+01:00").utcoffset() == timedelta(hours=1)
    with pytest.raises(ConfigError, match="ISO 8601"):
        parse_since("yesterday")


def test_a_deployment_run_the_ci_script_started_names_the_ci_job() -> None:
    labels = {"qatron.trigger.by": "gitlab-ci (bob)", "qatron.trigger.url": "https://g/j/1"}
    trigger = deployment_trigger("run-suite/smoke", "f3", scheduled=False, labels=labels)
    assert trigger == {"kind": "ci", "by": "gitlab-ci (bob)", "url": "https://g/j/1",
                       "deployment": "run-suite/smoke", "flow_run": "f3"}
