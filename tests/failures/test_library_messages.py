"""Built-in causes of real libraries' errors: each raised by really calling the library
installed in the virtualenv (a closed port, a locked or read-only SQLite file, a child
killed by a signal, invalid data), or, for libraries not installed here (grpc, aiohttp,
MySQL drivers), their messages as those libraries print them."""

from __future__ import annotations

import errno
import importlib.util
import os
import socket
import sqlite3
import subprocess
import sys
import traceback
import urllib.request
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import botocore.config
import botocore.session
import httpx
import jsonschema
import marshmallow
import psycopg2
import pydantic
import pytest
import redis
import requests
import sqlalchemy as sa
from botocore.exceptions import ClientError
from selenium.common.exceptions import SessionNotCreatedException, WebDriverException

from qatron.failures import Analyser, Failure
from qatron.failures.categories import categorise


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def failure_of(call: Callable[[], object]) -> Failure:
    """The error ``call`` raises, read as a JUnit file has it: the exception's first line
    as the message, Python's traceback as the text, raised from the test file."""
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - whatever the library raised is the subject
        first = (str(exc).splitlines() or [""])[0]
        return Failure(nodeid="tests/test_lib.py::test_call",
                       message=f"{type(exc).__module__}.{type(exc).__qualname__}: {first}",
                       traceback="".join(traceback.format_exception(exc)))
    raise AssertionError("the call did not fail")


def category_of(call: Callable[[], object]) -> str:
    """The built-in category of the error ``call`` raises (see :func:`failure_of`)."""
    return categorise(failure_of(call)).category


def raise_(exc: Exception) -> Callable[[], object]:
    def call() -> object:
        raise exc
    return call


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.db"
    with sqlite3.connect(path) as connection:
        connection.execute("create table orders (id integer)")
    return path


class Order(pydantic.BaseModel):
    currency: str
    amount: int


class OrderSchema(marshmallow.Schema):
    currency = marshmallow.fields.Str(required=True)


def test_read_timeouts_of_each_http_client_are_a_slow_upstream() -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/rates/EUR"
        assert category_of(lambda: requests.get(url, timeout=0.2)) == "slow_upstream"
        assert category_of(lambda: httpx.get(url, timeout=0.2)) == "slow_upstream"
        assert category_of(lambda: urllib.request.urlopen(url, timeout=0.2)) == "slow_upstream"


def test_database_drivers_that_cannot_reach_or_use_the_database(database: Path) -> None:
    port = closed_port()
    assert category_of(lambda: psycopg2.connect(host="127.0.0.1", port=port, dbname="x",
                                                connect_timeout=2)) == "database_unavailable"
    assert category_of(lambda: psycopg2.connect(host="db.invalid", dbname="x",
                                                connect_timeout=2)) == "database_unavailable"
    assert category_of(lambda: redis.Redis(port=port, socket_connect_timeout=2).ping()) \
        == "database_unavailable"
    read_only = f"file:{database}?mode=ro"
    assert category_of(lambda: sqlite3.connect(read_only, uri=True).execute(
        "insert into orders values (1)")) == "database_unavailable"


def test_a_refused_connection_inside_a_database_driver_is_the_database(tmp_path: Path) -> None:
    # A driver whose own error says nothing of a database (pg8000 raises the socket's
    # ConnectionRefusedError): its frames in the traceback say what was unreachable. The
    # file lives at a driver's path but is loaded under another name, so that no later
    # test finds a "pg8000" among the imported modules.
    source = tmp_path / "pg8000" / "core.py"
    source.parent.mkdir()
    source.write_text("import socket\n\n\ndef connect(port):\n"
                      "    return socket.create_connection(('127.0.0.1', port), timeout=2)\n")
    spec = importlib.util.spec_from_file_location("driver_core_sample", source)
    assert spec is not None and spec.loader is not None
    core = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(core)

    port = closed_port()
    assert category_of(lambda: core.connect(port)) == "database_unavailable"
    assert category_of(lambda: socket.create_connection(("127.0.0.1", port), timeout=2)) \
        == "upstream_unreachable"


def _postgres(url: str, *statements: str) -> None:
    connection = psycopg2.connect(url.replace("+psycopg2", ""))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def test_postgresql_refusing_to_run_or_write_or_finding_a_table_already_there(
        fresh_postgres_url: str) -> None:
    _postgres(fresh_postgres_url, "create table filings (id int)")
    assert category_of(lambda: _postgres(fresh_postgres_url, "set statement_timeout = 50",
                                         "select pg_sleep(2)")) == "database_unavailable"
    assert category_of(lambda: _postgres(
        fresh_postgres_url, "set default_transaction_read_only = on",
        "insert into filings values (1)")) == "database_unavailable"
    assert category_of(lambda: _postgres(fresh_postgres_url, "create table filings (id int)")) \
        == "schema_drift"
    assert category_of(lambda: _postgres(fresh_postgres_url,
                                         "alter table filings add column id int")) \
        == "schema_drift"
    sqlite = sqlite3.connect(":memory:")
    sqlite.execute("create table filings (id int)")
    assert category_of(lambda: sqlite.execute("alter table filings add column id int")) \
        == "schema_drift"


def test_a_table_sqlalchemy_cannot_find_is_schema_drift(database: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{database}")
    assert category_of(lambda: sa.Table("refunds", sa.MetaData(), autoload_with=engine)) \
        == "schema_drift"


def test_validation_libraries_multi_line_errors_are_data_contracts() -> None:
    assert category_of(lambda: Order.model_validate({"amount": "ten"})) == "data_contract"
    assert category_of(lambda: jsonschema.validate({"amount": 1}, {
        "type": "object", "required": ["currency"]})) == "data_contract"
    assert category_of(lambda: OrderSchema().load({})) == "data_contract"


def test_aws_errors_by_their_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE",
                 "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    port = closed_port()

    def s3(**keys: str) -> Any:
        config = botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=1)
        return botocore.session.get_session().create_client(
            "s3", region_name="eu-west-1", endpoint_url=f"http://127.0.0.1:{port}",
            config=config, **keys)

    assert category_of(lambda: s3().list_buckets()) == "credentials_refused"
    assert category_of(lambda: s3(aws_access_key_id="a", aws_secret_access_key="b")
                       .list_buckets()) == "upstream_unreachable"
    denied = ClientError({"Error": {"Code": "InvalidAccessKeyId", "Message": "The AWS Access "
                                    "Key Id you provided does not exist in our records."}},
                         "ListBuckets")
    assert category_of(raise_(denied)) == "credentials_refused"
    busy = ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "Please reduce "
                                  "your request rate."}}, "PutObject")
    assert category_of(raise_(busy)) == "upstream_5xx"


def test_selenium_driver_errors() -> None:
    refused = WebDriverException("unknown error: net::ERR_CONNECTION_REFUSED\n"
                                 "  (Session info: chrome=120.0.6099.109)")
    assert category_of(raise_(refused)) == "upstream_unreachable"
    old = SessionNotCreatedException("session not created: This version of ChromeDriver only "
                                     "supports Chrome version 114\nCurrent browser version is "
                                     "120.0.6099.109")
    assert category_of(raise_(old)) == "missing_dependency"


def test_a_child_killed_by_a_signal_and_the_open_files_limit_are_infrastructure() -> None:
    assert category_of(lambda: subprocess.run(["sh", "-c", "kill -9 $$"], check=True)) \
        == "infrastructure"
    assert category_of(lambda: subprocess.run(["sh", "-c", "kill -11 $$"], check=True)) \
        == "infrastructure"
    too_many = OSError(errno.EMFILE, os.strerror(errno.EMFILE))
    assert category_of(raise_(too_many)) == "infrastructure"


def test_redis_refusing_the_client_or_out_of_memory() -> None:
    assert category_of(raise_(redis.exceptions.AuthenticationError(
        "Authentication required."))) == "credentials_refused"
    assert category_of(raise_(redis.exceptions.OutOfMemoryError(
        "command not allowed when used memory > 'maxmemory'."))) == "infrastructure"
    for refusal in (redis.exceptions.ReadOnlyError(
            "You can't write against a read only replica."),
                    redis.exceptions.ConnectionError("max number of clients reached"),
                    redis.exceptions.ResponseError(
                        "MISCONF Redis is configured to save RDB snapshots, but it's currently "
                        "unable to persist to disk.")):
        assert category_of(raise_(refusal)) == "database_unavailable", refusal


class SupplierError(Exception):
    """A product's own error for its HTTP client, saying the status in its own words."""


@pytest.mark.parametrize(("said", "category"), [
    ("GET http://127.0.0.1:8080/v2/prices: supplier answered 503", "upstream_5xx"),
    ("POST http://127.0.0.1:8080/v2/orders: supplier refused with 401: b'invalid key'",
     "credentials_refused"),
    ("POST /v2/orders rejected with status 403", "credentials_refused"),
    ("GET /v2/prices responded with HTTP 502", "upstream_5xx"),
    ('insurer refused GET /v1/eligibility/A12: 401 {"error": "expired credential"}',
     "credentials_refused"),
    ("gateway refused messages: 401", "credentials_refused"),
    ("lab answered POST /v1/results: 503", "upstream_5xx"),
])
def test_a_domain_error_saying_the_status_in_its_own_words(said: str, category: str) -> None:
    assert category_of(raise_(SupplierError(said))) == category


def test_a_command_the_test_ran_exiting_with_an_error_is_the_products() -> None:
    failure = failure_of(lambda: subprocess.run(
        [sys.executable, "-c", "raise SystemExit(1)"], check=True))
    assert categorise(failure).category == "product_bug"
    assert categorise(replace(failure, phase="setup")).category == "test_harness"


def test_test_code_naming_what_a_module_lacks_is_the_tests_in_any_phase() -> None:
    failure = failure_of(lambda: os.QUEUE_KEY)  # type: ignore[attr-defined]
    assert categorise(failure).category == "test_harness"
    assert categorise(replace(failure, phase="teardown")).category == "test_harness"


@pytest.mark.parametrize(("message", "category"), [
    ('grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:\n'
     '\tstatus = StatusCode.UNAVAILABLE\n\tdetails = "failed to connect to all addresses"',
     "upstream_unreachable"),
    ('grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:\n'
     '\tstatus = StatusCode.DEADLINE_EXCEEDED\n\tdetails = "Deadline Exceeded"',
     "slow_upstream"),
    ('grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:\n'
     '\tstatus = StatusCode.UNAUTHENTICATED\n\tdetails = "invalid token"',
     "credentials_refused"),
    ("aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host "
     "rates.internal:443 ssl:default [Connect call failed ('10.0.0.7', 443)]",
     "upstream_unreachable"),
    ("pymysql.err.OperationalError: (2013, 'Lost connection to MySQL server during query')",
     "database_unavailable"),
    ("pymysql.err.OperationalError: (1205, 'Lock wait timeout exceeded; try restarting "
     "transaction')", "database_unavailable"),
    ("pymysql.err.IntegrityError: (1452, 'Cannot add or update a child row: a foreign key "
     "constraint fails')", "integrity_violation"),
    ("jwt.exceptions.ExpiredSignatureError: Signature has expired", "credentials_refused"),
    ("requests.exceptions.ProxyError: HTTPSConnectionPool(host='rates.example', port=443): "
     "Max retries exceeded with url: /v1 (Caused by ProxyError('Unable to connect to proxy', "
     "OSError('Tunnel connection failed: 407 Proxy Authentication Required')))",
     "credentials_refused"),
    ('psycopg.errors.LockNotAvailable: canceling statement due to lock timeout\nCONTEXT:  '
     'while updating tuple (0,1) in relation "parcels"', "database_unavailable"),
    ("psycopg.OperationalError: connection timeout expired", "database_unavailable"),
    ("TypeError: Retry.__init__() got an unexpected keyword argument 'allowed_methods'",
     "missing_dependency"),
    ("alembic.util.exc.CommandError: Target database is not up to date.", "schema_drift"),
    ("alembic.util.exc.CommandError: Can't locate revision identified by 'a1b2c3d4e5f6'",
     "schema_drift"),
])
def test_messages_of_libraries_not_installed_here(message: str, category: str) -> None:
    failure = Failure(nodeid="tests/test_lib.py::test_call", message=message,
                      traceback=f"Traceback (most recent call last):\n  File \"app.py\", "
                                f"line 3, in call\n    stub.Get(request)\n{message}")
    assert categorise(failure).category == category


def test_one_fault_of_the_machine_in_several_libraries_words_is_one_cluster() -> None:
    def store_full() -> None:
        store = sqlite3.connect(":memory:")
        store.execute("create table readings (raw text)")
        store.execute("pragma max_page_count = 2")  # what SQLite has left to grow into
        for _ in range(100):
            store.execute("insert into readings values (?)", ("x" * 1000,))

    def export_full() -> None:
        with open("/dev/full", "w") as export:  # every write: ENOSPC
            export.write("meter,kwh\n")

    def too_big() -> None:
        bytearray(1 << 62)

    failures = [failure_of(store_full), failure_of(export_full), failure_of(too_big)]
    analysis = Analyser().analyse(failures).failures
    assert [verdict.category for verdict in analysis] == ["infrastructure"] * 3
    full, export, memory = (verdict.cluster for verdict in analysis)
    assert full == export != memory
