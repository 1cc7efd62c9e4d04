"""Mistakes of the test code against the product's own, read from pytest's own JUnit XML
of a small project: a test asking a module for a name it does not have (a misspelt
``json.dumsp``) is the test code's, while the product asking a module for one is a
dependency's API; a record the test wrote itself that breaks the product's contract is
the test's data, while one read from a file the product loads is a data contract."""

from __future__ import annotations

import json

import pytest

from tests.failures.small_project import Analysed, analysed_project

SAILINGS = '''
import json


class ContractError(ValueError):
    """A sailing that breaks the operators' contract."""


REQUIRED = ("route", "vessel", "departs")


def validate(sailing):
    for field in REQUIRED:
        if field not in sailing:
            raise ContractError(f"sailing lacks required field {field!r}")
    return sailing


def load(path):
    return [validate(sailing) for sailing in json.loads(path.read_text())]


def snapshot(sailings):
    return json.dumps_sorted(sailings)
'''

TESTS = '''
import json
from pathlib import Path

from app import sailings

GOOD = {"route": "ULL-STO", "departs": "07:00"}
DELIVERED = Path(__file__).parent / "data" / "sailings.json"


def test_round_trip():
    assert json.loads(json.dumsp(GOOD)) == GOOD


def test_validate_vessel():
    assert sailings.validate({**GOOD, "departs": "08:00"})


def test_delivered():
    assert sailings.load(DELIVERED)


def test_snapshot():
    assert sailings.snapshot([GOOD])
'''


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Analysed]:
    return analysed_project(tmp_path_factory.mktemp("sailings"), {
        "app/__init__.py": "", "app/sailings.py": SAILINGS, "tests/test_sailings.py": TESTS,
        "tests/data/sailings.json": json.dumps([{"route": "ULL-STO", "departs": "07:00"}])})


def test_a_name_the_test_asks_a_module_for_that_it_lacks_is_the_test_codes(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_round_trip"]
    assert category == "test_harness", evidence


def test_a_name_the_product_asks_a_module_for_that_it_lacks_is_a_dependency(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_snapshot"]
    assert category == "missing_dependency", evidence


def test_a_record_the_test_wrote_that_breaks_the_contract_is_the_tests_data(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_validate_vessel"]
    assert category == "test_harness", evidence


def test_a_delivered_record_that_breaks_the_contract_is_a_data_contract(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_delivered"]
    assert category == "data_contract", evidence
