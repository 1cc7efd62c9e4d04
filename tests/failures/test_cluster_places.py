"""Where clusters are drawn, read from pytest's own JUnit XML of a small depot project: a
hang is one cause wherever in its function the timeout stopped it, whichever test called
it (in a generator expression too, or in a method such as ``__len__`` its loop calls, or
while it handled an error), a field whose value its contract rejects is one cause
whatever value each day's data held, assertions of one test module on what the product did
that call none of its functions are one cause (unittest's assertion methods and
functions the test defines are no function of the product), and a column a query
names with or without its table is one missing column."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

DEPOT = """
import enum
import json
import itertools
import sqlite3
import threading
import time


class Severity(enum.Enum):
    MINOR = "minor"
    MAJOR = "major"


def dispatch(attempt, sleep, tries):
    for number in range(1, tries):
        sleep(number)
        if attempt(number):
            return number
    return None


class ValidationError(ValueError):
    '''An inspection report breaks its contract.'''


def inspection(day):
    with open(f"inbox/{day}.json") as delivered:
        report = json.load(delivered)
    if "severity" not in report:
        raise ValidationError("inspection record without 'severity'")
    if report["severity"] not in ("minor", "major"):
        raise ValidationError(f"inspection report: severity {report['severity']!r} not allowed")
    return Severity(report["severity"])


def count(vehicles):
    return sum(1 for _ in itertools.repeat(vehicles))


class Fleet:
    def __init__(self, vans, pause):
        self.vans, self.pause = list(vans), pause

    def __len__(self):
        time.sleep(self.pause)
        return len(self.vans)

    def spare(self):
        while len(self) > 0:
            time.sleep(0.01)


def settle(ledger):
    try:
        ledger["balance"]
        while True:
            time.sleep(0.01)
    except KeyError:
        while True:
            time.sleep(0.01)


def drain(waiting_on):
    while True:
        if isinstance(waiting_on, type(threading.Lock())):
            waiting_on.acquire()
        else:
            time.sleep(waiting_on)


def orders(database):
    return database.execute("select id, priority from work_orders").fetchall()


def urgent(database):
    return database.execute("select work_orders.id from work_orders "
                            "where work_orders.priority > 2").fetchall()


def open_depot():
    database = sqlite3.connect(":memory:")
    database.execute("create table work_orders (id integer primary key, vehicle text)")
    return database
"""

TESTS = """
import threading
import unittest

import pytest

from app import depot


@pytest.mark.timeout(1)
def test_drain_behind_a_lock():
    held = threading.Lock()
    held.acquire()
    depot.drain(held)


@pytest.mark.timeout(1)
def test_drain_sleeping():
    depot.drain(30)


def test_dispatch_attempts():
    attempts = []
    depot.dispatch(lambda number: attempts.append(number), lambda number: None, tries=3)
    assert len(attempts) == 3


def test_dispatch_sleeps():
    sleeps = []
    depot.dispatch(lambda number: False, sleeps.append, tries=3)
    assert sum(1 for _ in sleeps) == 3


class TestDispatch(unittest.TestCase):
    def test_dispatch_counted(self):
        attempts = []
        depot.dispatch(lambda number: attempts.append(number), lambda number: None, tries=3)
        self.assertEqual(3, len(attempts))

    def test_dispatch_tried_every_time(self):
        attempts = []

        def tried(tries):
            depot.dispatch(attempts.append, lambda number: None, tries=tries)
            return len(attempts) == tries

        self.assertTrue(tried(3))

    def test_dispatch_attempted_every_time(self):
        attempts = []

        def attempted(tries):
            depot.dispatch(attempts.append, lambda number: None, tries=tries)
            return len(attempts) == tries

        self.assertTrue(attempted(3))


def test_inspection_monday():
    assert depot.inspection("monday")


def test_inspection_tuesday():
    assert depot.inspection("tuesday")


def test_inspection_unsigned():
    assert depot.inspection("unsigned")


@pytest.mark.timeout(1)
def test_count_vans():
    assert depot.count(["van"]) == 1


@pytest.mark.timeout(1)
def test_count_trucks():
    assert depot.count(["truck", "truck"]) == 2


@pytest.mark.timeout(1)
def test_spare_slow_count():
    depot.Fleet(["van"], pause=5).spare()


@pytest.mark.timeout(1)
def test_spare_quick_count():
    depot.Fleet(["van"], pause=0).spare()


@pytest.mark.timeout(1)
def test_settle_open_ledger():
    depot.settle({"balance": 3})


@pytest.mark.timeout(1)
def test_settle_new_ledger():
    depot.settle({})


def test_orders():
    assert depot.orders(depot.open_depot()) == []


def test_urgent():
    assert depot.urgent(depot.open_depot()) == []
"""


@pytest.fixture(scope="module")
def clusters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    project: Path = tmp_path_factory.mktemp("depot")
    failures: dict[str, Failure] = pytest_failures(
        project, {"app/__init__.py": "", "app/depot.py": DEPOT, "tests/test_depot.py": TESTS,
                  "inbox/monday.json": '{"severity": "severe"}',
                  "inbox/tuesday.json": '{"severity": "catastrophic"}',
                  "inbox/unsigned.json": '{"grade": "minor"}'})
    analysis = Analyser().analyse(failures.values())
    return {item.failure.name: (item.category, item.cluster) for item in analysis.failures}


def test_a_hang_stopped_at_two_lines_of_one_function_is_one_cluster(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_drain_behind_a_lock"][0] == "hang"
    assert clusters["test_drain_behind_a_lock"] == clusters["test_drain_sleeping"]


def test_a_missing_column_named_with_or_without_its_table_is_one_cluster(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_orders"][0] == "schema_drift"
    assert clusters["test_orders"] == clusters["test_urgent"]


def test_a_hang_in_a_generator_expression_is_its_functions_whichever_test_called_it(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_count_vans"][0] == "hang"
    assert clusters["test_count_vans"] == clusters["test_count_trucks"]
    assert clusters["test_count_vans"] != clusters["test_drain_sleeping"]


def test_a_rejected_value_of_one_field_is_one_cluster_whatever_the_value(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_inspection_monday"][0] == "data_contract"
    assert clusters["test_inspection_monday"] == clusters["test_inspection_tuesday"]
    assert clusters["test_inspection_unsigned"][0] == "data_contract"
    assert clusters["test_inspection_unsigned"] != clusters["test_inspection_monday"]


def test_a_hang_stopped_in_a_method_its_loop_calls_is_the_loops_cluster(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_spare_slow_count"][0] == "hang"
    assert clusters["test_spare_slow_count"] == clusters["test_spare_quick_count"]


def test_a_hang_while_handling_an_error_is_clustered_by_the_timeout(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_settle_new_ledger"][0] == "hang"
    assert clusters["test_settle_new_ledger"] == clusters["test_settle_open_ledger"]


def test_assertions_of_one_module_on_what_the_product_did_are_one_cluster(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_dispatch_attempts"][0] == "wrong_behaviour"
    assert clusters["test_dispatch_attempts"] == clusters["test_dispatch_sleeps"]


def test_a_unittest_assertion_on_what_the_product_did_is_the_modules_cluster(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_dispatch_counted"][0] == "wrong_behaviour"
    assert clusters["test_dispatch_counted"] == clusters["test_dispatch_attempts"]


def test_a_function_the_test_defined_itself_is_none_of_the_products(
        clusters: dict[str, tuple[str, str]]) -> None:
    assert clusters["test_dispatch_tried_every_time"][0] == "wrong_behaviour"
    assert clusters["test_dispatch_tried_every_time"] == \
        clusters["test_dispatch_attempted_every_time"]
