"""Whose data, whose import, read from pytest's own JUnit XML of a small project: a field
of a delivered row or a partner's answer that does not convert is a data contract, while
the product's parser failing on a slice of its own input stays a product bug; a domain
error naming the columns a file is missing is a data contract; a test module importing a
name its own support module lacks (named as a test package's, or a file among the tests)
is the test harness's; and one module missing from the
environment is one cause wherever it is imported."""

from __future__ import annotations

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

MANIFEST = """
import csv
from decimal import Decimal


class ManifestError(Exception):
    '''A manifest the depot cannot load.'''


def load(path):
    with open(path, newline="") as rows:
        reader = csv.DictReader(rows)
        missing = [name for name in ("parcel", "weight_g") if name not in reader.fieldnames]
        if missing:
            raise ManifestError(f"{path.name}: missing columns {', '.join(missing)}")
        return [(row["parcel"], int(row["weight_g"])) for row in reader]


def price(body):
    return Decimal(body["price"]) * Decimal(body.get("surcharge", "1"))


def week(text):
    return int(text[1:3])
"""

GEOCODE = """
import geocodekit  # not installed


def locate(postcode):
    return geocodekit.lookup(postcode)
"""

TESTS = """
from app.manifest import ManifestError, load, price, week

from ._support import DEPOT


def test_weights(tmp_path):
    delivered = tmp_path / "manifest-south.csv"
    delivered.write_text("parcel,weight_g\\nP1,1200\\nP2,1.4kg\\n")
    assert [weight for _, weight in load(delivered)] == [1200, 1400]


def test_columns(tmp_path):
    delivered = tmp_path / "manifest-west.csv"
    delivered.write_text("parcel,postcode\\nP1,20095\\n")
    assert load(delivered) == [("P1", 0)]


def test_quote():
    assert price({"price": "EUR 4.20"}) == 4


def test_week():
    assert week("W1O") == 10


def test_depot():
    assert DEPOT == "north"
"""

RENAMED = """
from ._support import DEPOT_CODE


def test_code():
    assert DEPOT_CODE == "N"
"""

HELPER_TESTS = """
from common import assert_depot


def test_helper():
    assert_depot("north")
"""

GEOCODE_TESTS = """
import geocodekit


def test_lookup():
    assert geocodekit.lookup("20095")
"""

PRODUCT_TESTS = """
def test_locate():
    from app.geocode import locate
    assert locate("20095")
"""


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    return pytest_failures(tmp_path_factory.mktemp("depot"), {
        "app/__init__.py": "", "app/manifest.py": MANIFEST, "app/geocode.py": GEOCODE,
        "tests/__init__.py": "", "tests/_support.py": 'DEPOT = "north"\n',
        "tests/test_manifest.py": TESTS, "tests/test_codes.py": RENAMED,
        "tests/test_geocodekit.py": GEOCODE_TESTS, "tests/test_locate.py": PRODUCT_TESTS,
        "tests/unit/common.py": "def assert_north(depot):\n    assert depot == 'north'\n",
        "tests/unit/test_helper.py": HELPER_TESTS})


def category(failure: Failure) -> str:
    return Analyser().one(failure).category


def test_a_field_of_the_data_that_does_not_convert_is_a_data_contract(
        failures: dict[str, Failure]) -> None:
    assert category(failures["test_weights"]) == "data_contract"
    assert category(failures["test_quote"]) == "data_contract"
    assert "weight_g" in Analyser().one(failures["test_weights"]).evidence


def test_the_products_parser_failing_on_its_own_input_stays_a_product_bug(
        failures: dict[str, Failure]) -> None:
    assert category(failures["test_week"]) == "product_bug"


def test_a_file_missing_columns_is_a_data_contract(failures: dict[str, Failure]) -> None:
    assert category(failures["test_columns"]) == "data_contract"


def test_a_name_the_tests_own_support_module_lacks_is_the_harness(
        failures: dict[str, Failure]) -> None:
    renamed = next(failure for name, failure in failures.items() if "test_codes" in name)
    assert category(renamed) == "test_harness"


def test_a_name_a_helper_module_among_the_tests_lacks_is_the_harness(
        failures: dict[str, Failure]) -> None:
    helper = next(failure for name, failure in failures.items() if "test_helper" in name)
    assert "cannot import name 'assert_depot' from 'common'" in helper.traceback
    assert category(helper) == "test_harness"


def test_a_module_missing_from_the_environment_is_one_cause_wherever_imported(
        failures: dict[str, Failure]) -> None:
    by_test = next(failure for name, failure in failures.items() if "test_geocodekit" in name)
    by_product = failures["test_locate"]
    tests, product = Analyser().analyse([by_test, by_product]).failures
    assert tests.category == product.category == "missing_dependency"
    assert tests.cluster == product.cluster
