"""pytest plugins missing from the environment, read from pytest's own JUnit XML of a
small project run with ``--strict-markers``: a fixture or marker of a well-known plugin
that is not installed is a missing dependency, one cluster per plugin; a fixture or marker
of the project's own that is not there, or a plugin's fixture where others of the plugin
are there, stays the test code's."""

from __future__ import annotations

import pytest

from tests.failures.small_project import Analysed, analysed_project

CONFTEST = '''
import asyncio

import pytest


@pytest.fixture
def event_loop_policy():
    return asyncio.DefaultEventLoopPolicy()
'''

FIXTURES = '''
def test_mocked(mocker):
    assert mocker


def test_mocked_twice(mocker):
    assert mocker


def test_frozen(freezer):
    assert freezer


def test_own_fixture(vehicle):
    assert vehicle


def test_event_loop(event_loop):
    assert event_loop
'''

ASYNC = '''
import pytest


@pytest.mark.asyncio
async def test_async():
    assert True
'''

NIGHTLY = '''
import pytest


@pytest.mark.nightly_only
def test_nightly():
    assert True
'''


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Analysed]:
    return analysed_project(
        tmp_path_factory.mktemp("plugins"),
        {"tests/conftest.py": CONFTEST, "tests/test_fixtures.py": FIXTURES,
         "tests/test_async.py": ASYNC, "tests/test_nightly.py": NIGHTLY},
        options=("--strict-markers", "tests"))


def test_a_fixture_of_a_plugin_not_installed_is_a_missing_dependency_one_cluster(
        analysed: dict[str, Analysed]) -> None:
    mocked, twice, frozen = (analysed[name] for name in (
        "test_mocked", "test_mocked_twice", "test_frozen"))
    assert (mocked[0], frozen[0]) == ("missing_dependency", "missing_dependency"), mocked[2]
    assert "pytest-mock" in mocked[2]
    assert mocked[1] == twice[1] != frozen[1]


def test_a_marker_of_a_plugin_not_installed_is_a_missing_dependency(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = next(value for key, value in analysed.items() if "test_async" in key)
    assert category == "missing_dependency", evidence
    assert "pytest-asyncio" in evidence


def test_what_the_project_itself_lacks_stays_the_test_codes(
        analysed: dict[str, Analysed]) -> None:
    assert analysed["test_own_fixture"][0] == "test_harness"
    assert analysed["test_event_loop"][0] == "test_harness", analysed["test_event_loop"][2]
    nightly = next(value for key, value in analysed.items() if "test_nightly" in key)
    assert nightly[0] == "test_harness", nightly[2]
