"""Product code that fails when the tests import it, read from pytest's own JUnit XML of a
small project: a syntax error or an undefined name in a product module is a product bug,
one cluster for every test module that imports it; a syntax error in a test module is the
test code's."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

FILES = {
    "app/__init__.py": "",
    "app/tariffs.py": "def fare(zone):\n    return zone *\n",
    "app/zones.py": "SURCHARGE = BASE_FARE * 2\n",
    "tests/test_fares.py": "from app.tariffs import fare\n\n\ndef test_fare():\n"
                           "    assert fare(1)\n",
    "tests/test_passes.py": "from app.tariffs import fare\n\n\ndef test_pass():\n"
                            "    assert fare(2)\n",
    "tests/test_zones.py": "from app.zones import SURCHARGE\n\n\ndef test_surcharge():\n"
                           "    assert SURCHARGE\n",
    "tests/test_tickets.py": "def test_ticket(:\n    pass\n",
}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str, str]]:
    project: Path = tmp_path_factory.mktemp("transit")
    failures: dict[str, Failure] = pytest_failures(project, FILES)
    return {item.failure.classname or item.failure.nodeid: (item.category, item.cluster,
                                                            item.evidence)
            for item in Analyser().analyse(failures.values()).failures}


def _of(analysed: dict[str, tuple[str, str, str]], module: str) -> tuple[str, str, str]:
    return next(value for key, value in analysed.items() if module in key)


def test_a_syntax_error_in_a_product_module_is_one_product_bug_for_its_importers(
        analysed: dict[str, tuple[str, str, str]]) -> None:
    fares, passes = _of(analysed, "test_fares"), _of(analysed, "test_passes")
    assert fares[0] == "product_bug", fares[2]
    assert "app/tariffs.py:2" in fares[2]
    assert fares[1] == passes[1]


def test_an_undefined_name_at_a_product_modules_import_is_a_product_bug(
        analysed: dict[str, tuple[str, str, str]]) -> None:
    category, _, evidence = _of(analysed, "test_zones")
    assert (category, "app/zones.py:1" in evidence) == ("product_bug", True)


def test_a_syntax_error_in_a_test_module_is_the_test_codes(
        analysed: dict[str, tuple[str, str, str]]) -> None:
    assert _of(analysed, "test_tickets")[0] == "test_harness"
