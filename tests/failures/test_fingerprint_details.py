"""Fingerprints tell apart database failures of different databases, wrapped messages of
different reasons, and one error surfacing in different test suites' fixtures."""

from __future__ import annotations

from qatron.failures import Analyser, Failure
from qatron.failures.clusters import fingerprint
from qatron.failures.similarity import merge

PSYCOPG = "/venv/lib/python3.11/site-packages/psycopg/connection.py"


def connect_error(reason: str, dsn: str, fixture: str = "tests/conftest.py") -> Failure:
    """A fixture's connection failure as pytest writes it into JUnit: the locals of the
    library's frame (with the DSN), then the wrapped error."""
    message = (f'sqlalchemy.exc.OperationalError: (psycopg.OperationalError) connection '
               f'failed: connection to server at "127.0.0.1", port 45303 failed: {reason}')
    traceback = (f"engine = Engine({dsn})\n"
                 f">       with engine.begin() as conn:\n\n{fixture}:35: \n"
                 f"{PSYCOPG}:119: in connect\n"
                 f"    raise last_ex.with_traceback(None)\nE   {message}\n")
    return Failure(nodeid="tests/test_checkout.py::test_pay", phase="setup",
                   message=message, traceback=traceback)


ORDERS = "postgresql+psycopg://app:***@127.0.0.1:45303/orders"
STOCK = "postgresql+psycopg://app:***@127.0.0.1:45303/stock"
FULL = "FATAL:  sorry, too many clients already"
DOWN = "Connection refused\n\tIs the server running on that host and accepting TCP/IP?"


def fingerprints(*failures: Failure) -> list[str]:
    return [item.fingerprint for item in Analyser().analyse(failures).failures]


def test_a_database_that_answered_is_named_by_its_database() -> None:
    orders, stock = fingerprints(connect_error(FULL, ORDERS), connect_error(FULL, STOCK))
    assert orders.split(" | ")[:2] == ["database_unavailable", "local/orders"]
    assert merge([orders, stock]) == {orders: orders, stock: stock}


def test_a_server_nothing_listened_on_is_one_cause_for_all_its_databases() -> None:
    orders, stock = fingerprints(connect_error(DOWN, ORDERS), connect_error(DOWN, STOCK))
    assert orders == stock and orders.split(" | ")[1] == "local"


def test_a_long_wrapped_message_keeps_its_reason() -> None:
    full, down = fingerprints(connect_error(FULL, ORDERS), connect_error(DOWN, ORDERS))
    assert "too many clients already" in full
    assert merge([full, down]) == {full: full, down: down}


def test_without_in_app_frames_the_place_is_the_test_code_it_surfaced_in() -> None:
    failure = connect_error(FULL, ORDERS, fixture="tests/helpers/base.py")
    assert fingerprint(failure, "database_unavailable").endswith(" | base.py:35")
    in_a_test = connect_error(FULL, ORDERS, fixture="tests/test_checkout.py")
    assert fingerprint(in_a_test, "database_unavailable").endswith(" | test_checkout.py")
