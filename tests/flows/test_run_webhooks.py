"""Run webhooks and the audit trail of a run, on the session's Prefect server: run.started
and run.completed / run.failed sent signed to a real HTTP receiver, retried on 500 and 429,
never twice for a retried task or a resumed run, a receiver that is down never failing the
run; the trigger recorded for a run started here and for a deployment's flow run; the
``qatron.run.*`` events read back through the server's ``/events/filter``."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.events.worker import EventsWorker
from prefect.flow_engine import run_flow

from flows.run_suite import run_suite
from qatron.audit import user_at_host
from qatron.config import load_project
from qatron.options import RunOptions
from qatron.processes import free_port
from qatron.run import load_run, open_run
from qatron.store import ResultsStore, database_url
from qatron.webhooks import CLAIM_NOTIFIER
from tasks.webhooks import announce_end, announce_start, send_run_webhooks
from tests.fixtures.receiver import Receiver
from tests.projects import unserved_deployment, write_project
from tests.tasks.conftest import in_flow

pytestmark = pytest.mark.usefixtures("prefect_api_url")

SECRET = "hook-secret-for-tests"
TOKEN = "T0KEN-in-the-hook-path"


BOT, FLAKY = f"/bot/{TOKEN}", "/flaky"
TESTS = {"tests/test_a.py": "def test_ok():\n    pass\n\ndef test_also():\n    pass\n",
         "tests/test_b.py": "import pytest\n\ndef test_fails():\n    assert False\n\n"
                            "@pytest.mark.skip\ndef test_skipped():\n    pass\n"}


def project(root: Path, receiver: Receiver, down: str) -> Path:
    return write_project(root, f"""
        project: hooked
        suites:
          good: {{paths: [tests/test_a.py]}}
          bad: {{paths: [tests/test_b.py]}}
        webhooks:
          ci-bot: {{url: "{receiver.url(BOT)}", secret_env: QATRON_TEST_HOOK_SECRET}}
          flaky: {{url: "{receiver.url(FLAKY)}", events: [run.started], retries: 3}}
          down: {{url: "{down}", events: [run.completed, run.failed], retries: 1,
                  timeout: 2}}
    """, TESTS)


def signed(body: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


def test_a_run_sends_each_event_once_signed_and_a_receiver_down_does_not_fail_it(
        tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("QATRON_TEST_HOOK_SECRET", SECRET)
    caplog.set_level(logging.INFO, logger="httpx")
    for name in ("GITHUB_RUN_ID", "CI_JOB_URL", "BUILD_URL"):
        monkeypatch.delenv(name, raising=False)
    receiver.answers[FLAKY] = [(500, {}), (429, {"Retry-After": "0"})]
    down = f"http://127.0.0.1:{free_port()}/hook/{TOKEN}"
    root = project(tmp_path / "p", receiver, down)
    ctx = open_run(root, RunOptions(suite="good"))
    started = time.monotonic()
    state = run_suite(suite="good", project=str(root), run_id=ctx.run_id, return_state=True)
    took = time.monotonic() - started

    assert state.name == "Completed", state.message
    bot = [(json.loads(body), body) for path, body, status, *_ in receiver.received
           if path == BOT]
    assert [body["event"] for body, _ in bot] == ["run.started", "run.completed"]
    completed = bot[1][0]
    assert completed["run_id"] == ctx.run_id and completed["status"] == "completed"
    assert completed["counts"] == {"passed": 2, "failed": 0, "skipped": 0, "errors": 0}
    assert completed["project"] == "hooked" and completed["suite"] == "good"
    assert completed["report_url"].endswith("report.html") and completed["duration"] > 0
    assert completed["triggered_by"] == {"kind": "cli", "by": user_at_host(), "via": "python"}
    assert [status for path, _, status, *_ in receiver.received if path == FLAKY] == [
        500, 429, 200]
    with ResultsStore(ctx.database_url) as store:
        claims = {(c.team, c.cluster): (c.state, c.attempts)
                  for c in store.notification_claims(ctx.run_id) if c.notifier == CLAIM_NOTIFIER}
        assert store.triggers("hooked")[0].trigger == completed["triggered_by"]
    assert claims == {("webhook:ci-bot", "run.started"): ("sent", 1),
                      ("webhook:ci-bot", "run.completed"): ("sent", 1),
                      ("webhook:flaky", "run.started"): ("sent", 3),
                      ("webhook:down", "run.completed"): ("failed", 2)}
    assert took < 30
    lines = [record.getMessage() for record in caplog.records]
    assert any("HTTP Request: POST http://127.0.0.1" in line for line in lines)
    assert not [line for line in lines if TOKEN in line or SECRET in line]

    # the task retried, the run resumed: nothing is sent twice; the receiver down, once up,
    # gets its message from the next attempt
    requests = len(receiver.received)
    resumed = load_run(root, ctx.run_id)
    in_flow(lambda: (announce_start(resumed), announce_end(resumed, None)))
    in_flow(lambda: send_run_webhooks.fn(resumed, "run.completed", None))
    assert len(receiver.received) == requests
    bot_requests = [(body, header) for path, body, _, header, _ in receiver.received
                    if path == BOT]
    assert bot_requests and all(header == signed(body) for body, header in bot_requests)
    assert all(header == "" for path, _, _, header, _ in receiver.received if path == FLAKY)


def test_a_deployment_run_records_its_trigger_and_its_events_reach_the_server(
        tmp_path: Path, receiver: Receiver, prefect_api_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QATRON_TEST_HOOK_SECRET", SECRET)
    root = project(tmp_path / "p", receiver, receiver.url("/also-up"))
    with unserved_deployment("run-suite", "audited", "qatron-audit-unserved") as name:
        with get_client(sync_client=True) as client:
            deployment = client.read_deployment_by_name(name)
            flow_run = client.create_flow_run_from_deployment(
                deployment.id, parameters={"suite": "bad", "project": str(root)})
        state = run_flow(run_suite, flow_run=flow_run, parameters=flow_run.parameters,
                         return_type="state")

    assert state.name == "Failed", state.message
    with ResultsStore(database_url(load_project(root))) as store:
        [entry] = store.triggers("hooked")
    assert entry.status == "failed"
    assert entry.trigger == {"kind": "api", "by": name, "flow_run": str(flow_run.id),
                             "parameters": {"suite": "bad", "project": str(root)}}
    assert receiver.events(BOT) == ["run.started", "run.failed"]
    assert receiver.events("/also-up") == ["run.failed"]
    failed = json.loads(next(body for path, body, *_ in receiver.received
                             if path == BOT and b"run.failed" in body))
    assert failed["counts"] == {"passed": 0, "failed": 1, "skipped": 1, "errors": 0}
    assert failed["triggered_by"] == entry.trigger

    events = _events(prefect_api_url, f"qatron.run.{entry.run_id}", f"{flow_run.id}", 2)
    assert [e["event"] for e in events] == ["qatron.run.triggered", "qatron.run.failed"]
    assert events[0]["payload"]["triggered_by"] == entry.trigger
    assert events[1]["payload"]["status"] == "failed"
    assert events[1]["resource"]["qatron.trigger.kind"] == "api"
    assert {r["prefect.resource.id"] for r in events[1]["related"]} >= {
        f"prefect.flow-run.{flow_run.id}"}


def _events(api_url: str, resource: str, flow_run: str, count: int, timeout: float = 15
            ) -> list[Any]:
    """The events about ``resource`` in ``flow_run``, oldest first, once the server has
    ``count`` of them."""
    EventsWorker.drain_all(timeout=5)
    body = {"filter": {"resource": {"id": [resource]}, "order": "ASC",
                       "related": {"id": [f"prefect.flow-run.{flow_run}"]},
                       "occurred": {"since": "2020-01-01T00:00:00Z"}}, "limit": 50}
    deadline = time.monotonic() + timeout
    while True:
        events = httpx.post(f"{api_url}/events/filter", json=body).json()["events"]
        if len(events) >= count or time.monotonic() > deadline:
            return events
        time.sleep(0.3)
