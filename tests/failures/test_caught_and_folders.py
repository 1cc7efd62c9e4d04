"""A test that caught the product's own exception and asserted about it, and code that
writes where a folder is missing, read from pytest's own JUnit XML of a small project:
the first is wrong behaviour (unless a programming error began the chain), the second the
machine's volume not mounted, whichever code wrote (a fixture's too), while a test's own
data file that is missing stays the test code's."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

FILING = '''
class GaveUp(Exception):
    pass


def submit(attempt, tries):
    for number in range(1, tries):
        try:
            return attempt(number)
        except OSError as exc:
            last = exc
    raise GaveUp(f"gave up after {tries - 1} tries") from last


def stamp(filing):
    try:
        return filing["court"].upper()
    except AttributeError as exc:
        raise GaveUp("could not stamp the filing") from exc
'''

CONFTEST = '''
import pytest


@pytest.fixture
def outbox(tmp_path):
    folder = tmp_path / "volumes" / "outbox" / "filing-7"
    folder.mkdir()
    return folder
'''

TESTS = '''
from pathlib import Path

from app.filing import GaveUp, stamp, submit


def flaky_clerk(number):
    if number < 3:
        raise OSError(f"clerk busy ({number})")
    return "filed"


def test_submit_retries_three_times():
    tries = []
    try:
        submit(lambda number: tries.append(number) or flaky_clerk(number), tries=3)
    except GaveUp:
        assert tries == [1, 2, 3]


def test_stamp_reports_the_court():
    try:
        stamp({"court": 7})
    except GaveUp as exc:
        assert "court 7" in str(exc)


def test_outbox_receives_the_filing(outbox):
    (outbox / "filing.xml").write_text("<filing/>")


def test_filing_matches_the_sample():
    sample = Path(__file__).parent / "data" / "filing-sample.xml"
    assert sample.read_text()
'''

EXPECTED = {"test_submit_retries_three_times": "wrong_behaviour",
            "test_stamp_reports_the_court": "product_bug",
            "test_outbox_receives_the_filing": "infrastructure",
            "test_filing_matches_the_sample": "test_harness"}


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    project: Path = tmp_path_factory.mktemp("court")
    return pytest_failures(project, {"app/__init__.py": "", "app/filing.py": FILING,
                                     "tests/conftest.py": CONFTEST,
                                     "tests/test_filing.py": TESTS})


@pytest.mark.parametrize(("name", "category"), sorted(EXPECTED.items()))
def test_what_the_test_caught_and_where_the_code_wrote(
        failures: dict[str, Failure], name: str, category: str) -> None:
    analysed = Analyser().analyse([failures[name]]).failures[0]
    assert analysed.category == category, analysed.evidence
