"""Constants built from literals while importing, and attributes of classes whose bases
live in other modules: selected by the tests that read them, unless importing could fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.selection import select_tests
from qatron.selection.coverage_map import CoverageMap, FileCoverage, content_hash
from tests.selection import Repo

PARSE = '''\
"""Amounts in text."""
import re

PREFIX = r"EUR "
AMOUNT_RE = re.compile(PREFIX + r"(\\d+)", re.I)
WORDS = frozenset({"eur", "usd"})


def parse(text):
    match = AMOUNT_RE.match(text)
    return int(match.group(1)) if match else None


def known(word):
    return word in WORDS
'''
BASE = '''\
class Kind:
    def describe(self):
        return self.NAME
'''
KINDS = '''\
from payment.base import Kind


class Card(Kind):
    NAME = "card"

    def fee(self):
        return 1
'''
FILES = {
    "pyproject.toml": "[tool.pytest.ini_options]\npythonpath = ['src']\n",
    "src/payment/__init__.py": "",
    "src/payment/parse.py": PARSE,
    "src/payment/base.py": BASE,
    "src/payment/kinds.py": KINDS,
    "tests/test_parse.py": "from payment.parse import known, parse\n\n\ndef test_parse():\n"
                           "    assert parse('eur 3') == 3\n\n\ndef test_known():\n"
                           "    assert known('eur')\n\n\ndef test_nothing():\n    assert True\n",
    "tests/test_kinds.py": "from payment.kinds import Card\n\n\ndef test_describe():\n"
                           "    assert Card().describe() == 'card'\n\n\ndef test_fee():\n"
                           "    assert Card().fee() == 1\n",
}
PARSE_TESTS = ["tests/test_parse.py::test_parse", "tests/test_parse.py::test_known",
               "tests/test_parse.py::test_nothing"]
KIND_TESTS = ["tests/test_kinds.py::test_describe", "tests/test_kinds.py::test_fee"]
TESTS = [*PARSE_TESTS, *KIND_TESTS]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo", FILES)


def recorded(repo: Repo) -> CoverageMap:
    """What a recording run saw: parse() by test_parse, known() by test_known,
    Kind.describe by test_describe, Card.fee by test_fee."""
    lines = {"src/payment/parse.py": {10: {TESTS[0]}, 11: {TESTS[0]}, 15: {TESTS[1]}},
             "src/payment/base.py": {3: {KIND_TESTS[0]}},
             "src/payment/kinds.py": {8: {KIND_TESTS[1]}}}
    files = {path: FileCoverage(content_hash((repo.root / path).read_bytes()),
                                {n: frozenset(t) for n, t in found.items()})
             for path, found in lines.items()}
    return CoverageMap(files=files, tests=set(TESTS), run_id=3)


def selected(repo: Repo, path: str, old: str, new: str) -> list[str]:
    cmap = recorded(repo)
    repo.write({path: repo.read(path).replace(old, new)})
    return sorted(select_tests(repo.root, "HEAD", tests=TESTS, coverage=cmap).nodeids())


@pytest.mark.parametrize(("old", "new", "readers"), [
    (r'r"(\d+)", re.I', r'r"(\d+)\b", re.I', [TESTS[0]]),  # a compiled pattern's literal
    ('r"EUR "', 'r"USD "', [TESTS[0]]),  # a constant the pattern is built from
    ('{"eur", "usd"}', '{"eur", "usd", "gbp"}', [TESTS[1]]),  # frozenset of literals
])
def test_a_constant_built_from_literals_selects_the_tests_that_ran_its_readers(
        repo: Repo, old: str, new: str, readers: list[str]) -> None:
    assert selected(repo, "src/payment/parse.py", old, new) == readers


@pytest.mark.parametrize(("old", "new"), [
    (r'r"(\d+)"', r'r"((\d+)"'),  # the pattern no longer compiles: every import fails
    ('r"EUR "', 'r"EUR ("'),  # nor does the pattern built from the constant
    ("re.I)", "re.NOT_A_FLAG)"),
    ('PREFIX + r"(\\d+)"', 'PREFIX * 2'),  # an operation not worked out here
])
def test_a_constant_importing_may_fail_on_uses_the_import_graph(repo: Repo, old: str,
                                                                 new: str) -> None:
    assert selected(repo, "src/payment/parse.py", old, new) == sorted(PARSE_TESTS)


def test_a_class_attribute_under_a_plain_base_of_another_module_selects_its_readers(
        repo: Repo) -> None:
    assert selected(repo, "src/payment/kinds.py", '"card"', '"debit"') == [KIND_TESTS[0]]


@pytest.mark.parametrize("base", [
    BASE + "\n    def __init_subclass__(cls):\n        REGISTRY[cls.NAME] = cls\n\n\n"
           "REGISTRY = {}\n",  # reads the attribute while the subclass is created
    "import enum\n\n\nclass Kind(enum.Enum):\n    pass\n",  # a metaclass of its own
])
def test_a_class_attribute_whose_base_runs_code_uses_the_import_graph(
        repo: Repo, base: str) -> None:
    repo.commit("base", {"src/payment/base.py": base})
    assert selected(repo, "src/payment/kinds.py", '"card"', '"debit"') == sorted(KIND_TESTS)


def test_a_class_attribute_read_where_the_class_is_not_imported_selects_that_reader(
        repo: Repo) -> None:
    coin = KINDS + '\n\nclass Coin:\n    NAME = "coin"\n'
    repo.commit("show", {
        "src/payment/kinds.py": coin,
        "src/payment/show.py": "def label(item):\n    return item.NAME.upper()\n",
        "tests/test_show.py": "from payment.kinds import Coin\nfrom payment.show import label"
                              "\n\n\ndef test_label():\n    assert label(Coin()) == 'COIN'\n"})
    label = "tests/test_show.py::test_label"
    cmap = recorded(repo)
    show = "src/payment/show.py"
    cmap.files[show] = FileCoverage(content_hash((repo.root / show).read_bytes()),
                                    {2: frozenset({label})})
    cmap.tests.add(label)
    repo.write({"src/payment/kinds.py": coin.replace('"coin"', '"cent"')})
    chosen = select_tests(repo.root, "HEAD", tests=[*TESTS, label], coverage=cmap).nodeids()
    assert sorted(chosen) == [KIND_TESTS[0], label]  # Kind.describe reads a NAME too
