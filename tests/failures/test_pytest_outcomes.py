"""Outcomes pytest itself reports, read from its own JUnit XML of a small project: a test
marked as failing (strict xfail) that passed has a mark out of date, the test code's to
update; a test failing itself with ``pytest.fail`` on the product's answer is wrong
behaviour; a fixture failing where the product's own code raised is the product's bug,
one failing in its own code the test code's."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

BILLING = '''
def open_account(customer):
    return {"customer": customer, "limit": customer["credit"]["limit"]}
'''

CONFTEST = '''
import pytest

from app.billing import open_account


@pytest.fixture
def account():
    return open_account({"name": "Ada", "credit": {"limt": 100}})


@pytest.fixture
def statement():
    return {"lines": LINES}
'''

TESTS = '''
import pytest


def invoice_total(lines):
    return sum(lines)


def test_account_limit(account):
    assert account["limit"] == 100


def test_statement_lines(statement):
    assert statement["lines"]


@pytest.mark.xfail(strict=True, reason="totals drop the last line")
def test_total_of_three_lines():
    assert invoice_total([1, 2, 3]) == 6


def test_total_of_two_lines():
    total = invoice_total([1, 2])
    if total != 4:
        pytest.fail(f"invoice total {total}, expected 4")
'''


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    project: Path = tmp_path_factory.mktemp("invoices")
    return pytest_failures(project, {"app/__init__.py": "", "app/billing.py": BILLING,
                                     "tests/conftest.py": CONFTEST,
                                     "tests/test_invoices.py": TESTS})


def test_a_strict_xfail_that_passed_is_the_test_codes_to_update(
        failures: dict[str, Failure]) -> None:
    analysed = Analyser().analyse([failures["test_total_of_three_lines"]]).failures[0]
    assert analysed.category == "test_harness"
    assert "xfail mark is out of date" in analysed.evidence


def test_a_test_failing_itself_on_the_products_answer_is_wrong_behaviour(
        failures: dict[str, Failure]) -> None:
    analysed = Analyser().analyse([failures["test_total_of_two_lines"]]).failures[0]
    assert analysed.category == "wrong_behaviour"


def test_a_fixture_failing_in_the_products_code_is_a_product_bug(
        failures: dict[str, Failure]) -> None:
    analysed = Analyser().analyse([failures["test_account_limit"]]).failures[0]
    assert analysed.category == "product_bug", analysed.evidence
    assert "app/billing.py" in analysed.evidence
    own = Analyser().analyse([failures["test_statement_lines"]]).failures[0]
    assert own.category == "test_harness", own.evidence
