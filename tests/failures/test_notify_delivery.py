"""Notifications delivered once: claimed in the results store before they are sent (a
retried task or two workers never send one twice, a failed send is sent by the next
attempt), Slack's payload, 429/503 retried after Retry-After, and no webhook token in any
log line. A real HTTP receiver, a real store (SQLite and PostgreSQL), a real Prefect server
for the task."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from qatron.config import Notifier
from qatron.failures import notify
from qatron.failures.model import Cluster
from qatron.failures.notify import notify_run, payload, send
from qatron.store import ResultsStore
from tasks.failures import analyse_failures
from tests.fixtures.receiver import Receiver
from tests.projects import write_project
from tests.store.conftest import url  # noqa: F401 - the fixture: SQLite and PostgreSQL
from tests.tasks.conftest import in_flow
from tests.tasks.test_failures import RESULTS

TOKEN = "T0KEN-xoxb-5ecret"


PLATFORM = f"/hooks/platform/{TOKEN}"
SHOP = f"/services/T01/B02/{TOKEN}"


def test_a_retried_task_sends_each_cluster_once_and_a_failed_one_on_the_retry(
        tmp_path: Path, receiver: Receiver, prefect_api_url: str) -> None:
    from qatron.options import RunOptions
    from qatron.run import open_run

    project = write_project(tmp_path / "p", f"""
        project: delivered
        suites: {{all: {{}}}}
        failure_analysis:
          routing: {{network: platform, product_assertion: shop}}
          notify:
            platform: {{webhook: "{receiver.url(PLATFORM)}"}}
            shop: {{webhook: "{receiver.url(SHOP)}", style: slack, retries: 0}}
    """, {"tests/test_shop.py": "def test_fine():\n    pass\n"})
    ctx = open_run(project, RunOptions(suite="all"))
    receiver.answers[SHOP] = [(500, {})]  # the shop's first message fails

    analysis, _ = in_flow(lambda: analyse_failures.fn(ctx, RESULTS, {"api": "ok"}))
    assert [path for path, _ in receiver.delivered()] == [PLATFORM]
    in_flow(lambda: analyse_failures.fn(ctx, RESULTS, {"api": "ok"}))  # the task retried
    in_flow(lambda: analyse_failures.fn(ctx, RESULTS, {"api": "ok"}))

    clusters = {c.team: c.id for c in analysis.clusters}
    delivered = receiver.delivered()
    assert sorted(path for path, _ in delivered) == sorted([PLATFORM, SHOP])
    [platform] = [body for path, body in delivered if path == PLATFORM]
    assert platform["cluster"]["id"] == clusters["platform"]
    assert len(receiver.received) == 3  # the shop's failed attempt, then one each
    with ResultsStore(ctx.database_url) as store:
        claims = {(c.team, c.cluster): (c.state, c.attempts) for c in
                  store.notification_claims(ctx.run_id)}
        notified = store.notified(ctx.run_id)
        rows = store.run_failures(ctx.run_id)
    assert claims == {("platform", clusters["platform"]): ("sent", 1),
                      ("shop", clusters["shop"]): ("sent", 2)}
    assert sorted(notified) == sorted(f"{c}:{t}" for t, c in clusters.items())
    assert {(r.nodeid.rsplit("::", 1)[1], r.team, r.cluster) for r in rows} == {
        ("test_orders_api", "platform", clusters["platform"]),
        ("test_users_api", "platform", clusters["platform"]),
        ("test_totals", "shop", clusters["shop"])}


CLUSTERS = [Cluster(id=f"c{n}", fingerprint=f"f{n}", category="network", team=team,
                    representative=f"tests/test_a.py::test_{n}", suggestion="look here",
                    tests=[f"tests/test_a.py::test_{n}"], count=1)
            for n, team in enumerate(["platform", "platform", "shop"])]
RUN = {"run_id": 1, "suite": "all", "environment": "local"}


def test_two_workers_at_once_send_each_message_once(url: str,  # noqa: F811
                                                    receiver: Receiver) -> None:
    notifiers = {"platform": Notifier(webhook=receiver.url(PLATFORM)),
                 "shop": Notifier(webhook=receiver.url(SHOP), style="slack")}
    with ResultsStore(url) as store:
        run_id = store.create_run("shop", "all", "local")
    receiver.delay = 0.2  # both workers are past their claims while the first sends
    start = threading.Barrier(2)
    sent: list[int] = []

    def worker(name: str) -> None:
        with ResultsStore(url) as own:
            start.wait()
            sent.append(len(notify_run(own, run_id, CLUSTERS, notifiers, RUN, by=name)))

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(sent) == 3
    paths = sorted(path for path, _ in receiver.delivered())
    assert paths == sorted([PLATFORM, PLATFORM, SHOP]) and len(receiver.received) == 3
    with ResultsStore(url) as store:
        assert {c.cluster: c.state for c in store.notification_claims(run_id)} == {
            "c0": "sent", "c1": "sent", "c2": "sent"}


def test_a_claim_held_by_a_sender_that_died_is_taken_over_once_stale(
        url: str, receiver: Receiver) -> None:  # noqa: F811
    notifiers = {"shop": Notifier(webhook=receiver.url(SHOP))}
    with ResultsStore(url) as store:
        run_id = store.create_run("shop", "all", "local")
        assert store.claim_notification(run_id, "shop", "c2", "webhook", by="gone:1")
        assert notify_run(store, run_id, CLUSTERS, notifiers, RUN, by="me:2") == []
        assert receiver.received == []
        assert store.claim_notification(run_id, "shop", "c2", "webhook", by="me:2",
                                        stale_after=timedelta(0))
        assert not store.claim_notification(run_id, "shop", "c2", "webhook", by="other:3")
        store.finish_notification(run_id, "shop", "c2", "webhook", sent=True, attempts=1,
                                  detail="HTTP 200")
        assert not store.claim_notification(run_id, "shop", "c2", "webhook", by="me:2",
                                            stale_after=timedelta(0))


def test_slack_payload_has_a_header_the_cluster_its_test_and_the_report(
        receiver: Receiver) -> None:
    cluster = Cluster(id="abc123", fingerprint="f", category="network", team="payments",
                      representative="tests/test_pay.py::test_refund", suggestion="port 5432",
                      tests=["tests/test_pay.py::test_refund", "tests/test_pay.py::test_pay"],
                      count=2)
    run = {**RUN, "report_url": "file:///runs/1/report.html"}
    delivery = send(Notifier(webhook=receiver.url(SHOP), style="slack"),
                    payload(cluster, run, "slack"), "payments", cluster.id)
    assert delivery.ok
    [(_, body)] = receiver.delivered()
    blocks = body["blocks"]
    assert isinstance(blocks, list) and blocks[0]["type"] == "header"
    assert "2 failure(s), network" in str(body["text"])
    fields = [f["text"] for f in blocks[1]["fields"]]
    assert fields == ["*Category:*\nnetwork", "*Team:*\npayments", "*Failures:*\n2"]
    assert "*Representative test:* `tests/test_pay.py::test_refund`" in blocks[2]["text"]["text"]
    assert "`tests/test_pay.py::test_pay`" in blocks[2]["text"]["text"]
    assert "<file:///runs/1/report.html|Open the report of run 1>" in json.dumps(blocks)
    assert "report" not in json.dumps(payload(cluster, RUN, "slack")["blocks"])


@pytest.mark.parametrize("status", [429, 503])
def test_429_and_503_are_retried_after_retry_after(receiver: Receiver, status: int) -> None:
    receiver.answers[SHOP] = [(status, {"Retry-After": "1"})]
    logs: list[str] = []
    delivery = send(Notifier(webhook=receiver.url(SHOP)), {"text": "x"}, "shop", "c1",
                    log=logs.append, backoff=0.01)
    assert delivery.ok and delivery.attempts == 2
    first, second = (request.at for request in receiver.received)
    assert second - first >= 0.95
    assert f"HTTP {status}" in logs[0] and "retrying in 1 s" in logs[0]


def test_retry_after_is_capped_and_attempts_are_bounded(
        receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "RETRY_AFTER_CAP", 0.2)
    receiver.answers[SHOP] = [(429, {"Retry-After": "3600"})] * 5
    began = time.monotonic()
    delivery = send(Notifier(webhook=receiver.url(SHOP), retries=2), {"text": "x"}, "shop",
                    "c1", backoff=0.01)
    assert not delivery.ok and delivery.attempts == 3 and len(receiver.received) == 3
    assert "HTTP 429" in delivery.detail and time.monotonic() - began < 5


@pytest.mark.parametrize("status", [400, 403, 404])
def test_other_4xx_are_not_retried(receiver: Receiver, status: int) -> None:
    receiver.answers[SHOP] = [(status, {"Retry-After": "0"})]
    delivery = send(Notifier(webhook=receiver.url(SHOP)), {"text": "x"}, "shop", "c1",
                    backoff=0.01)
    assert not delivery.ok and delivery.attempts == 1 and len(receiver.received) == 1


@pytest.fixture(params=["plain records", "redacting records"])
def every_log_line(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Every log line of every logger at DEBUG, made by logging's own record factory or
    by QAtron's redacting one."""
    from qatron import redaction

    factory = logging.getLogRecordFactory()
    if request.param == "plain records":
        logging.setLogRecordFactory(logging.LogRecord)
    else:
        redaction.install()
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler, root = Keep(logging.DEBUG), logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", "httpx", "httpcore")}
    root.addHandler(handler)
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        logging.setLogRecordFactory(factory)


def test_no_log_line_shows_the_webhooks_token(every_log_line: list[str],
                                              receiver: Receiver) -> None:
    path = f"{SHOP}?key={TOKEN}"
    receiver.answers[path] = [(503, {"Retry-After": "0"}), (404, {})]
    logger = logging.getLogger("qatron.test")
    delivery = send(Notifier(webhook=receiver.url(path), style="slack"), {"text": "x"}, "shop",
                    "c1", log=logger.warning, backoff=0.01)
    assert not delivery.ok and delivery.attempts == 2
    requests = [line for line in every_log_line if "HTTP Request: POST" in line]
    assert len(requests) == 2 and all(receiver.base in line for line in requests)
    assert any("HTTP 503 from" in line for line in every_log_line)
    assert not [line for line in every_log_line if TOKEN in line or "/services/" in line]
