"""What a wrapper, an expected raise and a missing file say, read from pytest's own JUnit
XML of a small payroll project: a validation error wrapping a programming error is the
code's bug, not the data's; ``DID NOT RAISE ValidationError`` is the product's wrong
behaviour; a partner's answer without a field is a data contract; a file the product
reads that is not there is the machine's (a volume not mounted), while a test's own data
file missing stays the harness's."""

from __future__ import annotations

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

PAYROLL = """
from decimal import Decimal
from pathlib import Path

import marshmallow


class BankError(Exception):
    '''An answer of the bank gateway the payroll cannot use.'''


def hours(value):
    try:
        return Decimal(value).quantize(Decimal("0.01"), "ROUND_HALF_UP", rounding=None)
    except (TypeError, ValueError) as error:
        raise marshmallow.ValidationError("Not a valid number.") from error


def holder(answer):
    if "holder" not in answer:
        raise BankError(f"gateway answer without 'holder': {sorted(answer)}")
    return answer["holder"]


def overtime(hours_worked):
    if hours_worked > 40:
        raise marshmallow.ValidationError("over the weekly limit")
    return hours_worked


def timesheet(month, root=Path("VOLUME")):
    with (root / "timesheets" / f"{month}.csv").open() as rows:
        return rows.read()
"""

TESTS = """
from pathlib import Path

import marshmallow
import pytest

from app.payroll import holder, hours, overtime, timesheet


def test_hours():
    assert hours("7.5") == 7.5


def test_holder():
    assert holder({"iban": "GB11"}) == "Holder of GB11"


def test_overtime_refused():
    with pytest.raises(marshmallow.ValidationError):
        overtime(41.5 - 2)


def test_timesheet():
    assert timesheet("2026-11").startswith("employee,")


def test_expected_payslips():
    expected = Path(__file__).parent / "data" / "payslips-2026-11.json"
    assert expected.read_text()
"""


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    volume = tmp_path_factory.mktemp("volumes") / "deliveries"  # never mounted
    return pytest_failures(tmp_path_factory.mktemp("payroll"), {
        "app/__init__.py": "", "app/payroll.py": PAYROLL.replace("VOLUME", str(volume)),
        "tests/test_payroll.py": TESTS})


def category(failure: Failure) -> str:
    return Analyser().one(failure).category


def test_a_validation_error_wrapping_a_programming_error_is_the_codes(
        failures: dict[str, Failure]) -> None:
    assert "ValidationError" in failures["test_hours"].traceback
    assert category(failures["test_hours"]) == "product_bug"


def test_an_expected_validation_error_not_raised_is_wrong_behaviour(
        failures: dict[str, Failure]) -> None:
    assert "DID NOT RAISE" in failures["test_overtime_refused"].message
    assert category(failures["test_overtime_refused"]) == "wrong_behaviour"


def test_a_partners_answer_without_a_field_is_a_data_contract(
        failures: dict[str, Failure]) -> None:
    assert category(failures["test_holder"]) == "data_contract"


def test_a_file_the_product_reads_not_there_is_the_machines(
        failures: dict[str, Failure]) -> None:
    verdict = Analyser().one(failures["test_timesheet"])
    assert verdict.category == "infrastructure"
    assert "2026-11.csv" in verdict.evidence
    assert category(failures["test_expected_payslips"]) == "test_harness"
