"""Clusters keep apart failures that differ in what names which thing broke (the kind of
datastore, an HTTP status, a constraint, the fixture or helper, what the error says) and
keep together one cause's failures that differ only in volatile text (ports, ids)."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from qatron.failures import Analyser, Failure

LIBRARY = "/venv/lib/python3.11/site-packages"


def clusters(*failures: Failure) -> list[str]:
    return [item.cluster for item in Analyser().analyse(failures).failures]


def setup_error(traceback_text: str) -> Failure:
    """A fixture's error as pytest writes it into JUnit."""
    last = [line for line in traceback_text.splitlines() if line.startswith("E ")][-1]
    return Failure(nodeid="tests/test_stock.py::test_reserve", phase="setup",
                   message=f'failed on setup with "{last[1:].strip()}"',
                   traceback=traceback_text)


def redis_down(port: int, line: int = 27) -> Failure:
    """redis-py's error for a server nothing listens on, in a fixture at ``line``."""
    return setup_error(
        f"{LIBRARY}/redis/connection.py:627: in _connect\n"
        f"    sock.connect(socket_address)\n"
        f"E   ConnectionRefusedError: [Errno 111] Connection refused\n\n"
        f"During handling of the above exception, another exception occurred:\n"
        f"tests/conftest.py:{line}: in client\n"
        f"    connection.connect()\n"
        f"{LIBRARY}/redis/connection.py:283: in connect\n"
        f"    raise ConnectionError(self._error_message(e))\n"
        f"E   redis.exceptions.ConnectionError: Error 111 connecting to 127.0.0.1:{port}. "
        f"Connection refused.\n")


def pg8000_down(port: int) -> Failure:
    """pg8000's error for a PostgreSQL server nothing listens on, in the same fixture."""
    return setup_error(
        f"{LIBRARY}/pg8000/core.py:206: in _make_socket\n"
        f"    sock = socket.create_connection((host, port), timeout, source_address)\n"
        f"E   ConnectionRefusedError: [Errno 111] Connection refused\n\n"
        f"The above exception was the direct cause of the following exception:\n"
        f"tests/conftest.py:27: in client\n"
        f"    connection = pg8000.dbapi.connect(**db_kwargs)\n"
        f"{LIBRARY}/pg8000/core.py:208: in _make_socket\n"
        f"    raise InterfaceError(\n"
        f"E   pg8000.exceptions.InterfaceError: Can't create a connection to host 127.0.0.1 "
        f"and port {port} (timeout is None and source_address is None).\n")


def test_a_redis_and_a_postgresql_server_down_are_two_causes() -> None:
    redis_a, redis_b, postgres_a, postgres_b = Analyser().analyse(
        [redis_down(41001), redis_down(52877), pg8000_down(41001), pg8000_down(38411)]).failures
    assert {item.category for item in (redis_a, postgres_a)} == {"database_unavailable"}
    assert redis_a.fingerprint.split(" | ")[1] == "redis"
    assert postgres_a.fingerprint.split(" | ")[1] == "postgresql"
    assert redis_a.cluster == redis_b.cluster and postgres_a.cluster == postgres_b.cluster
    assert redis_a.cluster != postgres_a.cluster


def test_one_error_in_two_fixtures_is_two_causes_and_in_one_fixture_one() -> None:
    first, again, other = clusters(redis_down(41001, line=46), redis_down(52877, line=46),
                                   redis_down(41001, line=302))
    assert first == again != other


class Statuses(BaseHTTPRequestHandler):
    """Answers every request with the status its server was made for."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.send_response(self.server.status)  # type: ignore[attr-defined]
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - its signature
        """Quiet."""


@pytest.fixture
def servers() -> Iterator[dict[int, list[int]]]:
    """Two local servers answering 502 and two answering 500: each status's ports."""
    started: list[ThreadingHTTPServer] = []
    for status in (502, 502, 500, 500):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Statuses)
        server.status = status  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
    ports: dict[int, list[int]] = {}
    for server in started:
        ports.setdefault(server.status, []).append(server.server_address[1])  # type: ignore[attr-defined]
    yield ports
    for server in started:
        server.shutdown()
        server.server_close()


def notify_failure(port: int, message_id: int) -> Failure:
    """The failure of a test whose notification the messaging service answered with an
    error status, as httpx raises it for the real response."""
    try:
        httpx.get(f"http://127.0.0.1:{port}/messages/{message_id}", timeout=5).raise_for_status()
    except httpx.HTTPStatusError as exc:
        text = "".join(traceback.format_exception(exc))
        return Failure(nodeid="tests/test_notify.py::test_reminder", traceback=text,
                       message=text.strip().splitlines()[-1])
    raise AssertionError("the messaging service answered without an error")


def test_two_server_errors_of_one_service_are_two_causes(
        servers: dict[int, list[int]]) -> None:
    bad_gateway = [notify_failure(port, 7) for port in servers[502]]
    internal = [notify_failure(port, 9) for port in servers[500]]
    first, again, other, other_again = Analyser().analyse([*bad_gateway, *internal]).failures
    assert {item.category for item in (first, other)} == {"upstream_5xx"}
    assert first.fingerprint.split(" | ")[1] == "local/messages"  # not httpx's docs link
    assert " 502 " in f"{first.fingerprint} " and " 500 " in f"{other.fingerprint} "
    assert first.cluster == again.cluster and other.cluster == other_again.cluster
    assert first.cluster != other.cluster


def check_violation(constraint: str, row: int) -> Failure:
    """psycopg2's error for a row that breaks ``constraint`` of the appointments table,
    raised in the product's module."""
    said = (f'new row for relation "appointments" violates check constraint "{constraint}"')
    text = (f"clinic/appointments.py:41: in book\n"
            f"    cursor.execute(INSERT, values)\n"
            f"E   psycopg2.errors.CheckViolation: {said}\n"
            f"E   DETAIL:  Failing row contains ({row}, 2026-03-0{row % 9 + 1} 09:00:00, 90).\n")
    return Failure(nodeid="tests/test_booking.py::test_book", traceback=text,
                   message=f"psycopg2.errors.CheckViolation: {said}")


def test_two_constraints_of_one_table_are_two_causes() -> None:
    hour, again, minutes = Analyser().analyse([
        check_violation("appointments_at_most_one_hour", 7),
        check_violation("appointments_at_most_one_hour", 12),
        check_violation("appointments_minutes_check", 7)]).failures
    assert hour.category == "integrity_violation"
    assert hour.fingerprint.split(" | ")[1] == "appointments_at_most_one_hour"
    assert hour.cluster == again.cluster != minutes.cluster


def sqlite_error(said: str, port: int) -> Failure:
    """sqlite3's error in the product's outbox module, its settings (with the database's
    connection string) among the frame's locals."""
    text = (f"settings = Settings(dsn='host=127.0.0.1 port={port} dbname=clinic', "
            f"outbox=PosixPath('/srv/clinic/outbox.db'))\n\n"
            f"    def pending(settings):\n"
            f">       with sqlite3.connect(settings.outbox, timeout=0.1) as db:\n"
            f"E       sqlite3.OperationalError: {said}\n\n"
            f"clinic/outbox.py:18: OperationalError\n")
    return Failure(nodeid="tests/test_outbox.py::test_pending", traceback=text,
                   message=f"sqlite3.OperationalError: {said}")


def test_two_errors_of_one_database_in_one_module_are_two_causes() -> None:
    locked, again, unopened = Analyser().analyse([
        sqlite_error("database is locked", 41001), sqlite_error("database is locked", 52877),
        sqlite_error("unable to open database file", 41001)]).failures
    assert locked.category == unopened.category == "database_unavailable"
    assert locked.fingerprint.split(" | ")[1] == unopened.fingerprint.split(" | ")[1] != ""
    assert locked.cluster == again.cluster != unopened.cluster


def disk_full(package: str, error_number: int = 28) -> Failure:
    """The write of a product's export to a full volume, raised in ``package``'s module."""
    text = (f'  File "/srv/ci/{package}/{package}/reports.py", line 61, in export\n'
            f"    handle.write(rows)\n"
            f"OSError: [Errno {error_number}] No space left on device\n")
    return Failure(nodeid="tests/test_reports.py::test_export", traceback=text,
                   message=text.splitlines()[-1])


def test_one_message_raised_in_two_code_bases_is_two_causes() -> None:
    shop, again, lending = Analyser().analyse(
        [disk_full("shop"), disk_full("shop"), disk_full("lending")]).failures
    assert shop.category == lending.category == "infrastructure"
    assert shop.fingerprint.endswith(" | shop/reports.py")
    assert shop.cluster == again.cluster != lending.cluster
