"""A project's own suite run against the project installed into ``site-packages`` (``pip
install --target``): read from pytest's JUnit XML, errors raised in the installed package
the tests exercise are the product's, and a test's callback failing on what the product
handed it is the product's wrong behaviour, while in a suite whose tests call their own
code an installed library's error stays a library's."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

TALLIES = """
from itertools import islice


def take(n, iterable):
    return list(islice(iterable, n))


def chunked(iterable, n):
    iterator = iter(iterable)
    while chunk := take(iterator, n):
        yield chunk


def replace(iterable, pred, substitute):
    window = [None, *iterable]
    return [substitute if pred(item) else item for item in window]
"""

TALLIES_TESTS = """
import pytest

import tallies


@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_chunked(size):
    assert list(tallies.chunked("ABCDEF", size))


def test_replace():
    assert tallies.replace(range(4), lambda x: x % 2 == 0, "even")[0] == "even"
"""

SHOP = """
import ipaddress


def region(address):
    return "eu" if ipaddress.ip_address(address).is_private else "world"
"""

SHOP_TESTS = """
import ipaddress

import pytest

from shop import orders


@pytest.mark.parametrize("address", ["10.0.0.1", "8.8.8.8", "192.168.1.1", "172.16.0.9"])
def test_region(address):
    assert orders.region(address) == "nowhere"


def test_parse_fixture_address():
    assert ipaddress.ip_address("10.0.0.300")
"""


def _analysed(failures: dict[str, Failure]) -> dict[str, tuple[str, str]]:
    analysis = Analyser().analyse(failures.values())
    return {item.failure.name: (item.category, item.evidence) for item in analysis.failures}


def _clusters(failures: dict[str, Failure]) -> dict[str, str]:
    analysis = Analyser().analyse(failures.values())
    return {item.failure.name: item.fingerprint for item in analysis.failures}


TARGET = "build/lib/python3.11/site-packages"


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    project: Path = tmp_path_factory.mktemp("tallies")
    return pytest_failures(project, {f"{TARGET}/tallies/__init__.py": TALLIES,
                                     "tests/test_tallies.py": TALLIES_TESTS}, path=(TARGET,))


@pytest.fixture(scope="module")
def installed(suite: dict[str, Failure]) -> dict[str, tuple[str, str]]:
    return _analysed(suite)


def test_an_error_raised_in_the_installed_package_the_tests_exercise_is_the_products(
        installed: dict[str, tuple[str, str]]) -> None:
    for size in range(1, 5):
        category, evidence = installed[f"test_chunked[{size}]"]
        assert category == "product_bug"
        assert evidence.startswith("ValueError raised in product code at ")
        assert "site-packages/tallies/__init__.py" in evidence


def test_one_error_of_the_installed_package_is_one_cluster_in_any_run(
        suite: dict[str, Failure]) -> None:
    """However many of a run's failures call into the package, the cluster is named after
    the package's line the error was raised at."""
    for failures in (suite, {"test_chunked[1]": suite["test_chunked[1]"]}):
        printed = {_clusters(failures)[f"test_chunked[{size}]"]
                   for size in range(1, 5) if f"test_chunked[{size}]" in failures}
        assert len(printed) == 1
        assert printed.pop().startswith("product_bug | __init__.py:")


def test_a_tests_callback_failing_on_what_the_product_handed_it_is_wrong_behaviour(
        installed: dict[str, tuple[str, str]]) -> None:
    category, evidence = installed["test_replace"]
    assert category == "wrong_behaviour"
    assert "test code the product called back from" in evidence


def test_in_a_suite_that_calls_its_own_code_a_librarys_error_stays_a_librarys(
        tmp_path: Path) -> None:
    analysed = _analysed(pytest_failures(tmp_path, {"shop/__init__.py": "",
                                                    "shop/orders.py": SHOP,
                                                    "tests/test_orders.py": SHOP_TESTS}))
    assert analysed["test_region[10.0.0.1]"][0] == "wrong_behaviour"
    category, evidence = analysed["test_parse_fixture_address"]
    assert category == "test_harness" and "raised in test code" in evidence
