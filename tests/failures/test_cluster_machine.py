"""Clusters of a database each run copies under a numbered name, and of one fault of the
machine met in a fixture and in product code, read from pytest's own JUnit XML of a small
project run against the session's real PostgreSQL server with an address-space limit set:
``docket_n04`` and ``docket_n05`` are one database, another name another; memory running
out in a fixture and in the product is one cause, and so is a database locked for both.
Flaky failures of several tests meeting one fault of the environment (a port held) are one
cluster; a racy test is a cluster of its own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures
from tests.fixtures.postgres import PostgresServer

ARCHIVE = '''
import sqlite3

import psycopg2


def connect(port, database):
    return psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname=database,
                            connect_timeout=5)


def archive(size):
    return bytearray(size)


def record(path):
    with sqlite3.connect(path, timeout=0.1) as database:
        database.execute("insert into dockets values (1)")
'''

CONFTEST = '''
import resource
import sqlite3

import pytest

resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


@pytest.fixture
def scanned():
    return bytearray(8 << 30)


@pytest.fixture(scope="session")
def ledger(tmp_path_factory):
    path = tmp_path_factory.mktemp("ledger") / "ledger.db"
    holder = sqlite3.connect(path)
    holder.execute("create table dockets (id integer)")
    holder.commit()
    holder.execute("begin exclusive")
    yield path
    holder.rollback()


@pytest.fixture
def seeded(ledger):
    with sqlite3.connect(ledger, timeout=0.1) as database:
        database.execute("insert into dockets values (0)")
    return ledger
'''

TESTS = '''
from app.archive import archive, connect, record

PORT = {port}


def test_docket_monday():
    connect(PORT, "docket_n04")


def test_docket_tuesday():
    connect(PORT, "docket_n05")


def test_ledger():
    connect(PORT, "ledger")


def test_scan_kept(scanned):
    assert scanned


def test_archive_written():
    archive(8 << 30)


def test_docket_recorded(ledger):
    record(ledger)


def test_seeded_docket(seeded):
    record(seeded)


def _listen(port):
    import socket
    listener = socket.socket()
    listener.bind(("127.0.0.1", port))


def test_status_page():
    _listen(PORT)


def test_metrics_page():
    _listen(PORT)


def test_queue_drained():
    assert 2 == 0


def test_queue_counted():
    assert 3 == 0
'''


@pytest.fixture(scope="module")
def clusters(tmp_path_factory: pytest.TempPathFactory,
             postgres_server: PostgresServer) -> dict[str, tuple[str, str]]:
    project: Path = tmp_path_factory.mktemp("archive")
    failures: dict[str, Failure] = pytest_failures(project, {
        "app/__init__.py": "", "app/archive.py": ARCHIVE, "tests/conftest.py": CONFTEST,
        "tests/test_archive.py": TESTS.format(port=postgres_server.port)})
    reran = {name: replace(failure, flaky=True, attempts=2) if name in _PASSED_ON_RERUN
             else failure for name, failure in failures.items()}
    return {item.failure.name: (item.category, item.cluster)
            for item in Analyser().analyse(reran.values()).failures}


#: Tests that failed, then passed on the night's rerun.
_PASSED_ON_RERUN = ("test_status_page", "test_metrics_page", "test_queue_drained",
                    "test_queue_counted")


def test_a_runs_numbered_copy_of_a_database_is_one_database(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_docket_monday"][0] == "database_unavailable"
    assert clusters["test_docket_monday"] == clusters["test_docket_tuesday"]
    assert clusters["test_ledger"] != clusters["test_docket_monday"]


def test_one_fault_of_the_machine_in_a_fixture_and_in_product_code_is_one_cluster(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_scan_kept"][0] == "infrastructure"
    assert clusters["test_scan_kept"] == clusters["test_archive_written"]


def test_a_database_locked_for_a_fixture_and_for_the_product_is_one_cluster(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_seeded_docket"][0] == "database_unavailable"
    assert clusters["test_seeded_docket"] == clusters["test_docket_recorded"]


def test_flaky_tests_meeting_one_fault_are_one_cluster_a_racy_test_its_own(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_status_page"][0] == "flaky"
    assert clusters["test_status_page"] == clusters["test_metrics_page"]
    assert clusters["test_queue_drained"][0] == "flaky"
    assert clusters["test_queue_drained"] != clusters["test_queue_counted"]
