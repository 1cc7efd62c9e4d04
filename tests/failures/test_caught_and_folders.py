"""A test that caught the product's own exception and asserted about it, and code that
writes where a folder is missing, read from pytest's own JUnit XML of a small project:
the first is wrong behaviour (unless a programming error began the chain), the second the
machine's volume not mounted, whichever code wrote (a fixture's too), while a test's own
data file that is missing stays the test code's. The product's own error citing a line of a
delivered data file is a data contract; a test helper calling the project's own class
with a keyword it does not take is the test code's (no installed library is involved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

FILING = '''
import json
from dataclasses import dataclass


class GaveUp(Exception):
    """The clerk was tried as often as allowed."""


class DocketFileError(Exception):
    """A delivered docket file breaks its format."""


@dataclass
class Party:
    name: str
    role: str


def read_docket(path):
    entries = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        entry = json.loads(line)
        if entry.get("kind") not in ("motion", "order", "notice"):
            raise DocketFileError(f"{path.name}:{number}: unknown kind {entry.get('kind')!r}")
        entries.append(entry)
    return entries


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

HELPERS = '''
from app.filing import Party


def plaintiff(name):
    return Party(full_name=name, role="plaintiff")
'''

TESTS = '''
from pathlib import Path

from app.filing import GaveUp, read_docket, stamp, submit
from tests.helpers import plaintiff


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


def test_docket_read(tmp_path):
    delivered = tmp_path / "docket-7.jsonl"
    delivered.write_text('{"kind": "motion"}\\n{"kind": "ruling"}\\n')
    assert len(read_docket(delivered)) == 2


def test_plaintiff_named():
    assert plaintiff("Ada").name == "Ada"


def test_filing_matches_the_sample():
    sample = Path(__file__).parent / "data" / "filing-sample.xml"
    assert sample.read_text()
'''

EXPECTED = {"test_submit_retries_three_times": "wrong_behaviour",
            "test_stamp_reports_the_court": "product_bug",
            "test_outbox_receives_the_filing": "infrastructure",
            "test_filing_matches_the_sample": "test_harness",
            "test_docket_read": "data_contract", "test_plaintiff_named": "test_harness"}


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    project: Path = tmp_path_factory.mktemp("court")
    return pytest_failures(project, {"app/__init__.py": "", "app/filing.py": FILING,
                                     "tests/__init__.py": "", "tests/conftest.py": CONFTEST,
                                     "tests/helpers.py": HELPERS,
                                     "tests/test_filing.py": TESTS})


@pytest.mark.parametrize(("name", "category"), sorted(EXPECTED.items()))
def test_what_the_test_caught_and_where_the_code_wrote(
        failures: dict[str, Failure], name: str, category: str) -> None:
    analysed = Analyser().analyse([failures[name]]).failures[0]
    assert analysed.category == category, analysed.evidence
