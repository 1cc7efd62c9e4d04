"""qatron.redaction: the masking rules, and the record factory on real loggers."""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pytest

from qatron import redaction
from qatron.redaction import redact
from tests.fixtures.postgres import PostgresServer
from tests.projects import qatron, write_project

PASSWORD = "Pg-s3cret-9"
URL = f"postgresql+psycopg2://postgres:{PASSWORD}@127.0.0.1:5432/qatron_run_db"
BASIC = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()


@pytest.mark.parametrize(("text", "expected"), [
    (f"service db is up: {URL}",
     "service db is up: postgresql+psycopg2://postgres:***@127.0.0.1:5432/qatron_run_db"),
    (f"webhook 'ftp://alice:{PASSWORD}@hooks.example.com/x'",
     "webhook 'ftp://alice:***@hooks.example.com/x'"),
    (f"got 'postgresql://postgres:{PASSWORD[:4]}…", "got 'postgresql://postgres:***…"),
    (f"Authorization: Bearer {PASSWORD}", "Authorization: Bearer ***"),
    (f"{{'authorization': 'Basic {BASIC}'}}", "{'authorization': 'Basic ***'}"),
    (f"curl -H 'Basic {BASIC}'", "curl -H 'Basic ***'"),
    (f"Bearer {PASSWORD}.x_y", "Bearer ***"),
    (f"GET /x?api_key={PASSWORD}&page=2&token=abc", "GET /x?api_key=***&page=2&token=***"),
    (f"password={PASSWORD} client_secret: {PASSWORD}", "password=*** client_secret: ***"),
    (f"{{'password': '{PASSWORD}', 'user': 'u'}}", "{'password': '***', 'user': 'u'}"),
    ("Basic usage: max_tokens=5, secret_env: QA_SECRET, https://example.com/a:b",
     "Basic usage: max_tokens=5, secret_env: QA_SECRET, https://example.com/a:b"),
], ids=["url", "url-in-quotes", "url-cut-short", "bearer-header", "basic-header", "basic", "bearer",
        "query-string", "key-value", "dict-repr", "prose-untouched"])
def test_redact_masks_secrets_by_their_shape(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_redact_masks_the_values_of_secret_environment_variables(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_KEY", "pnu_0123456789")
    monkeypatch.setenv("PREFECT_API_AUTH_STRING", f"admin:{PASSWORD}")
    monkeypatch.setenv("QA_WEBHOOK_SECRET", "whsec-42424242")
    monkeypatch.setenv("SHOP_CURRENCY", "EUR-only")
    admin_basic = base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
    text = (f"key pnu_0123456789, login admin:{PASSWORD}, pw {PASSWORD}, header {admin_basic},"
            " signed with whsec-42424242 in EUR-only")
    assert redact(text) == "key ***, login ***, pw ***, header ***, signed with *** in EUR-only"


def test_registered_values_are_masked_and_short_ones_ignored(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redaction, "_registered", set())
    monkeypatch.setenv("NOTIFY_SIGNING", "abcdefgh-signing")
    redaction.register_env("NOTIFY_SIGNING")
    redaction.register("tiny", None)
    assert redact("abcdefgh-signing and tiny") == "*** and tiny"


@pytest.fixture
def installed() -> Iterator[None]:
    """The redacting record factory, removed again after the test."""
    before = logging.getLogRecordFactory()
    redaction.install()
    try:
        yield
    finally:
        logging.setLogRecordFactory(before)


def test_install_is_idempotent(installed: None) -> None:
    factory = logging.getLogRecordFactory()
    redaction.install()
    assert logging.getLogRecordFactory() is factory and redaction.installed()


def test_qatron_log_records_and_tracebacks_are_masked(
        installed: None, caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("qatron.services")
    with caplog.at_level(logging.INFO, logger="qatron"):
        logger.info("service %s is up: %s", "db", URL)
        try:
            raise ConnectionError(f"cannot connect to {URL}")
        except ConnectionError:
            logger.exception("provisioning failed")
    assert PASSWORD not in caplog.text
    assert "postgres:***@127.0.0.1" in caplog.text
    assert "ConnectionError: cannot connect to postgresql+psycopg2://postgres:***@" in caplog.text


def test_prefect_logger_records_are_masked(installed: None,
                                           caplog: pytest.LogCaptureFixture) -> None:
    from prefect.logging import get_logger

    with caplog.at_level(logging.INFO, logger="prefect"):
        get_logger("flow_runs").info("Authorization: Bearer %s", PASSWORD)
    assert [r.getMessage() for r in caplog.records] == ["Authorization: Bearer ***"]


@pytest.fixture
def http_server() -> Iterator[int]:
    """A real HTTP server on a free port that answers 200 to every GET and POST."""
    class Ok(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.end_headers()

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.do_GET()

        def log_message(self, *args: object) -> None:
            """No access log."""

    server = HTTPServer(("127.0.0.1", 0), Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


def test_httpx_request_log_is_masked(installed: None, http_server: int,
                                     caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="httpx"):
        httpx.get(f"http://alice:{PASSWORD}@127.0.0.1:{http_server}/hook?token={PASSWORD}")
    assert PASSWORD not in caplog.text
    assert f"http://alice:***@127.0.0.1:{http_server}/hook?token=*** " in caplog.text


def test_flow_run_logs_shipped_to_the_prefect_api_are_masked(
        installed: None, prefect_api_url: str) -> None:
    from prefect import flow, get_run_logger
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.context import get_run_context
    from prefect.logging.handlers import APILogWorker

    @flow(name="redaction-probe", log_prints=True)
    def probe() -> str:
        get_run_logger().info("service db is up: %s", URL)
        print(f"Authorization: Basic {BASIC}")
        return str(get_run_context().flow_run.id)  # type: ignore[union-attr]

    run_id = probe()
    APILogWorker.drain_all(timeout=10)
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
    messages = "\n".join(log.message for log in logs)
    assert "service db is up: postgresql+psycopg2://postgres:***@127.0.0.1" in messages
    assert "Authorization: Basic ***" in messages
    assert PASSWORD not in messages and BASIC not in messages


def test_a_notifiers_secret_and_webhook_path_never_reach_a_log(
        installed: None, http_server: int, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    from qatron.config import Notifier
    from qatron.failures.notify import send

    monkeypatch.setenv("QA_HOOK_SIGNING", "sign-me-0451")
    notifier = Notifier(webhook=f"http://127.0.0.1:{http_server}/services/T0/B0/tok3nXYZ",
                        secret_env="QA_HOOK_SIGNING")
    with caplog.at_level(logging.DEBUG):
        delivery = send(notifier, {"event": "x"}, "qa", "c1")
        logging.getLogger("qatron.failures").info("signed with sign-me-0451")
    assert delivery.ok, delivery
    assert f"POST http://127.0.0.1:{http_server}*** " in caplog.text
    assert "tok3nXYZ" not in caplog.text and "sign-me-0451" not in caplog.text


def test_a_bad_webhook_config_error_does_not_echo_credentials(tmp_path: Path) -> None:
    from qatron.config import load_project
    from qatron.errors import ConfigError

    write_project(tmp_path, f"""
        project: p
        suites: {{all: {{}}}}
        failure_analysis:
          notify:
            qa: {{webhook: "ftp://alice:{PASSWORD}@hooks.example.com/x"}}
    """, {})
    with pytest.raises(ConfigError) as raised:
        load_project(tmp_path)
    assert PASSWORD not in str(raised.value)
    assert "failure_analysis.notify.qa: expected webhook 'ftp://alice:***@hooks" in str(
        raised.value)


def test_a_malformed_postgres_server_url_is_reported_without_its_password() -> None:
    from qatron.drivers.postgres import Server
    from qatron.errors import ConfigError

    with pytest.raises(ConfigError) as raised:
        Server.parse(f"postgres ql://postgres:{PASSWORD}@127.0.0.1/postgres", "db.server")
    assert PASSWORD not in str(raised.value) and "postgres:***@127.0.0.1" in str(raised.value)


def test_a_postgres_services_password_is_not_in_the_flow_run_log(
        prefect_api_url: str, postgres_server: PostgresServer, tmp_path: Path) -> None:
    """A real ``qatron run`` whose postgres service's admin URL has a password (the
    server trusts local connections, so any password works); its flow-run logs read back
    through the Prefect API."""
    import json

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    admin = f"postgresql://postgres:{PASSWORD}@127.0.0.1:{postgres_server.port}/postgres"
    project = write_project(tmp_path / "p", f"""
        project: p
        environments:
          local:
            services:
              db: {{type: postgres, server: "{admin}"}}
        suites: {{all: {{}}}}
    """, {"tests/test_db.py": """
        import logging

        def test_db(environment):
            logging.getLogger("app").warning("connecting to %s",
                                             environment["services"]["db"]["url"])
    """})
    done = qatron("run", "--project", str(project), "--suite", "all", "--json",
                  env={"PREFECT_API_URL": prefect_api_url})
    assert done.returncode == 0, done.stdout + done.stderr
    run_id = json.loads(done.stdout)["flow_run_id"]
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
    messages = "\n".join(log.message for log in logs)
    assert "service db is up: postgresql+psycopg2://postgres:***@127.0.0.1:" in messages
    assert PASSWORD not in messages
    assert PASSWORD not in done.stdout + done.stderr
