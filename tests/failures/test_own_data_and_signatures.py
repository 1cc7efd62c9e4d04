"""Whose data broke, and whose API changed, read from pytest's own JUnit XML of a small
project: a malformed file of the test suite's own data is the test harness's problem, the
same parser failing on a partner's feed is a data contract; a domain error saying a
payload lacks a field is a data contract; a test calling a function with arguments its
signature does not take is a dependency of another version."""

from __future__ import annotations

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

FEED = """
import json


class TariffError(Exception):
    '''A tariff the service cannot bill with.'''


def read_feed(path):
    with open(path) as lines:
        return [json.loads(line) for line in lines if line.strip()]


def tariff(payload, code):
    missing = [name for name in ("unit_price", "currency") if name not in payload]
    if missing:
        raise TariffError(f"tariff {code} lacks {missing}")
    return payload["unit_price"]
"""

TESTS = """
import shlex
from pathlib import Path

import pytest

from app.feed import read_feed, tariff

DATA = Path(__file__).parent / "data"


@pytest.fixture
def sample_feed():
    return DATA / "sample_feed.jsonl"


def test_sample_feed(sample_feed):
    assert len(read_feed(sample_feed)) == 2


def test_partner_feed(tmp_path):
    delivered = tmp_path / "incoming" / "meters.jsonl"
    delivered.parent.mkdir()
    delivered.write_text('{"serial": "SF-1", "kwh": 3}\\n{"serial": "SF-2", "kw')
    assert len(read_feed(delivered)) == 2


def test_tariff():
    assert tariff({"currency": "EUR"}, "standard") == 12


def test_quoting():
    assert shlex.quote("a b", posix=True) == "'a b'"
"""


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    return pytest_failures(tmp_path_factory.mktemp("meters"), {
        "app/__init__.py": "", "app/feed.py": FEED, "tests/test_meters.py": TESTS,
        "tests/data/sample_feed.jsonl":
            '{"serial": "SF-9", "kwh": 1}\n{"serial": "SF-9", "ts": "2026-10-0\n'})


def category(failure: Failure) -> tuple[str, str]:
    verdict = Analyser().one(failure)
    return verdict.category, verdict.evidence


def test_the_suites_own_malformed_data_is_the_harness_and_a_partners_a_contract(
        failures: dict[str, Failure]) -> None:
    own, evidence = category(failures["test_sample_feed"])
    assert (own, evidence.split(":")[0]) == ("test_harness", "the test's own data breaks its "
                                                             "format")
    assert category(failures["test_partner_feed"])[0] == "data_contract"


def test_a_domain_error_saying_a_payload_lacks_fields_is_a_data_contract(
        failures: dict[str, Failure]) -> None:
    assert category(failures["test_tariff"])[0] == "data_contract"


def test_a_call_the_installed_signature_does_not_take_is_a_dependency_of_another_version(
        failures: dict[str, Failure]) -> None:
    found, evidence = category(failures["test_quoting"])
    assert found == "missing_dependency"
    assert "got an unexpected keyword argument 'posix'" in evidence
