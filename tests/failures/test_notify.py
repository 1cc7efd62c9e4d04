"""Webhook delivery to a real local HTTP receiver: signed, retried on 5xx, not on 4xx."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from qatron.config import Notifier
from qatron.failures.model import Cluster
from qatron.failures.notify import SIGNATURE_HEADER, payload, send

SECRET = "s3cret-value-never-logged"


class Receiver:
    """Answers the queued statuses in turn (then 200) and keeps what it got."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/T0KEN-in-path?key=abc"


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    monkeypatch.setenv("QATRON_TEST_WEBHOOK_SECRET", SECRET)
    found = Receiver()
    threading.Thread(target=found.server.serve_forever, daemon=True).start()
    yield found
    found.server.shutdown()


CLUSTER = Cluster(id="abc123def456", fingerprint="f", category="network", team="payments",
                  representative="tests/test_pay.py::test_refund",
                  suggestion="nothing accepted the connection to 127.0.0.1:5432",
                  tests=["tests/test_pay.py::test_refund"], count=1)
RUN = {"run_id": 3, "suite": "regression", "environment": "staging"}


def notifier(url: str, **extra: object) -> Notifier:
    return Notifier(webhook=url, secret_env="QATRON_TEST_WEBHOOK_SECRET", **extra)


def test_the_body_is_signed_and_a_503_is_retried(
        receiver: Receiver, caplog: pytest.LogCaptureFixture) -> None:
    receiver.statuses = [503]
    logs: list[str] = []
    delivery = send(notifier(receiver.url), payload(CLUSTER, RUN), "payments", CLUSTER.id,
                    log=logs.append, backoff=0.01)
    assert delivery.ok and delivery.attempts == 2
    headers, body = receiver.received[-1]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == expected
    sent = json.loads(body)
    assert sent["cluster"]["id"] == CLUSTER.id and sent["run"]["run_id"] == 3
    assert len(receiver.received) == 2 and "HTTP 503" in logs[0]
    everything = " ".join(logs) + delivery.detail + caplog.text
    assert SECRET not in everything and "T0KEN" not in everything and "key=abc" not in everything


def test_a_4xx_is_not_retried(receiver: Receiver) -> None:
    receiver.statuses = [400]
    delivery = send(notifier(receiver.url), payload(CLUSTER, RUN), "payments", CLUSTER.id,
                    backoff=0.01)
    assert not delivery.ok and delivery.attempts == 1 and len(receiver.received) == 1
    assert "HTTP 400" in delivery.detail


def test_an_unreachable_webhook_is_retried_then_reported(receiver: Receiver) -> None:
    receiver.server.shutdown()
    receiver.server.server_close()
    delivery = send(notifier(receiver.url, retries=2), payload(CLUSTER, RUN), "payments",
                    CLUSTER.id, backoff=0.01)
    assert not delivery.ok and delivery.attempts == 3 and "ConnectError" in delivery.detail


def test_slack_payloads_have_text_and_blocks() -> None:
    body = payload(CLUSTER, RUN, "slack")
    assert "run 3 (regression on staging): 1 failure(s), network" in body["text"]
    assert any("nothing accepted the connection" in json.dumps(b) for b in body["blocks"])

