"""Changes only to comments, formatting, docstrings or type-checking imports select nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.selection import Selection, select_tests
from qatron.selection.no_op import no_op_reason
from tests.selection import Repo

MONEY = '''\
"""Money."""
from __future__ import annotations


def add(a, b):
    """Add two amounts.

    >>> add(1, 2)
    3
    """
    return a + b  # plain sum
'''
FILES = {
    "pyproject.toml": "[tool.pytest.ini_options]\npythonpath = ['src']\n",
    "src/payment/__init__.py": "",
    "src/payment/money.py": MONEY,
    "tests/test_money.py": "from payment.money import add\n\n\ndef test_add():\n"
                           "    assert add(1, 2) == 3\n",
}
TESTS = ["tests/test_money.py::test_add"]
DOCTEST = "src/payment/money.py::payment.money.add"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo", FILES)


def select(repo: Repo, tests: list[str] = TESTS) -> Selection:
    return select_tests(repo.root, "HEAD", tests=tests)


def no_ops(selection: Selection) -> dict[str, str | None]:
    return {change.path: change.no_op for change in selection.changed}


def test_comment_and_formatting_changes_select_nothing_and_say_why(repo: Repo) -> None:
    repo.write({"src/payment/money.py": MONEY.replace("# plain sum", "# the sum").replace(
        "return a + b", "return (a +\n            b)")})
    selection = select(repo)
    assert selection.nodeids() == []
    assert no_ops(selection) == {"src/payment/money.py": "only comments or formatting changed"}
    assert selection.to_json()["changed"][0]["no_op"] == "only comments or formatting changed"


def test_a_docstring_change_selects_nothing_when_no_doctests_are_collected(repo: Repo) -> None:
    repo.write({"src/payment/money.py": MONEY.replace("Add two amounts.", "Sum two amounts.")})
    selection = select(repo)
    assert selection.nodeids() == []
    assert no_ops(selection) == {"src/payment/money.py": "only comments, docstrings (no "
                                 "doctests collected) or formatting changed"}


def test_a_docstring_change_selects_its_doctests_when_pytest_collects_them(repo: Repo) -> None:
    repo.write({"src/payment/money.py": MONEY.replace("3\n", "4\n")})
    selection = select(repo, [*TESTS, DOCTEST])
    assert DOCTEST in selection.nodeids()
    assert no_ops(selection) == {"src/payment/money.py": None}


def test_doctest_modules_in_the_pytest_configuration_makes_examples_count(repo: Repo) -> None:
    repo.commit("doctests", {"pyproject.toml": FILES["pyproject.toml"]
                             + "addopts = '--doctest-modules -q'\n"})
    repo.write({"src/payment/money.py": MONEY.replace(">>> add(1, 2)", ">>> add(2, 2)")})
    selection = select(repo)
    assert selection.nodeids() == TESTS
    assert no_ops(selection) == {"src/payment/money.py": None}


def test_the_prose_around_doctest_examples_does_not_count(repo: Repo) -> None:
    repo.write({"src/payment/money.py": MONEY.replace("Add two amounts.", "Sum two amounts.")})
    selection = select(repo, [*TESTS, DOCTEST])
    assert selection.nodeids() == []
    assert no_ops(selection) == {"src/payment/money.py": "only comments, docstrings outside "
                                 "their doctest examples or formatting changed"}


def test_a_file_that_reads_docstrings_keeps_them(repo: Repo) -> None:
    repo.commit("help", {"src/payment/money.py": MONEY + "\nHELP = add.__doc__\n"})
    repo.write({"src/payment/money.py": repo.read("src/payment/money.py").replace(
        "Add two amounts.", "Sum two amounts.")})
    assert select(repo).nodeids() == TESTS


def test_a_file_collected_by_a_doctest_glob_counts_whole(repo: Repo) -> None:
    repo.commit("glob", {"tox.ini": "[pytest]\naddopts = --doctest-glob='*.py'\n"})
    repo.write({"src/payment/money.py": MONEY.replace("# plain sum", "# the sum")})
    assert select(repo).nodeids() == TESTS


def test_imports_under_type_checking_select_nothing(repo: Repo) -> None:
    typed = MONEY.replace("from __future__ import annotations\n",
                          "from __future__ import annotations\n\nfrom typing import "
                          "TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from decimal import Decimal\n")
    repo.write({"src/payment/money.py": typed})
    selection = select(repo)
    assert selection.nodeids() == []
    assert no_ops(selection) == {"src/payment/money.py": "only comments, imports under "
                                 "`if TYPE_CHECKING:` or formatting changed"}


def test_a_comment_beside_a_real_change_still_selects(repo: Repo) -> None:
    repo.write({"src/payment/money.py": MONEY.replace("# plain sum", "# minus").replace(
        "a + b", "a - b")})
    selection = select(repo)
    assert selection.nodeids() == TESTS
    assert no_ops(selection) == {"src/payment/money.py": None}


def test_a_comment_in_a_test_file_selects_nothing(repo: Repo) -> None:
    repo.write({"tests/test_money.py": "# money\n" + FILES["tests/test_money.py"]})
    assert select(repo).nodeids() == []


@pytest.mark.parametrize(("base", "head"), [
    (b"if TYPE_CHECKING:\n    import os\n", b"if TYPE_CHECKING:\n    X = 1\n"),
    (b"def f():\n    '''Doc.'''\n", b"def f():\n    pass\n"),
    (b"print(__doc__)\n'''One.'''\n", b"print(__doc__)\n'''Two.'''\n"),
    (b"x = 1\n", b"x = (\n"),
])
def test_changes_that_may_do_something_are_not_no_ops(base: bytes, head: bytes) -> None:
    assert no_op_reason(base, head, docstrings_matter=False) is None


def test_doctest_examples_count_when_doctests_are_collected() -> None:
    one, two = b'"""Doc.\n\n>>> 1\n1\n"""\n', b'"""Doc.\n\n>>> 1\n2\n"""\n'
    assert no_op_reason(one, two, docstrings_matter=True) is None
    assert no_op_reason(one, two, docstrings_matter=False) is not None
    assert no_op_reason(one, one.replace(b"Doc.", b"Text."), docstrings_matter=True) == (
        "only comments, docstrings outside their doctest examples or formatting changed")


WRAPPERS = '''\
"""Wrappers."""


def copy_help(func, wrapper):
    wrapper.__doc__ = func.__doc__
    return wrapper


def scale(value):
    """Scale a value."""
    return value * 2


class Box:
    """A box."""
'''
WRAPPER_FILES = {**FILES, "src/payment/wrappers.py": WRAPPERS,
                 "tests/test_wrappers.py": "from payment.wrappers import Box, copy_help, scale\n\n"
                                           "\ndef test_scale():\n    assert scale(2) == 4\n\n\n"
                                           "def test_help():\n    assert copy_help(len, Box())"
                                           ".__doc__ == len.__doc__\n"}
WRAPPER_TESTS = ["tests/test_wrappers.py::test_scale", "tests/test_wrappers.py::test_help"]


@pytest.fixture
def wrappers(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "wrappers", WRAPPER_FILES)


def test_a_docstring_no_code_can_reach_selects_nothing_where_the_file_reads_others(
        wrappers: Repo) -> None:
    wrappers.write({"src/payment/wrappers.py": WRAPPERS.replace("Scale a value.", "Double it.")})
    selection = select(wrappers, WRAPPER_TESTS)
    assert selection.nodeids() == []
    assert no_ops(selection) == {"src/payment/wrappers.py": "only comments, docstrings (no "
                                 "doctests collected) or formatting changed"}


@pytest.mark.parametrize("use", [
    "from payment.wrappers import copy_help, scale\n\nHELP = copy_help(scale, len)\n",
    "import payment.wrappers as w\n\nSCALE = getattr(w, 'scale')\n",
], ids=["passed-to-a-reader", "looked-up-by-name"])
def test_a_docstring_of_a_function_used_as_a_value_counts(wrappers: Repo, use: str) -> None:
    wrappers.commit("use", {"src/payment/use.py": use})
    wrappers.write({"src/payment/wrappers.py": WRAPPERS.replace("Scale a value.", "Double it.")})
    assert "tests/test_wrappers.py::test_scale" in select(wrappers, WRAPPER_TESTS).nodeids()


DECORATED = WRAPPERS.replace("def scale(value):", "@staticmethod\ndef scale(value):")
OWN = WRAPPERS.replace('"""Wrappers."""\n', '"""Wrappers."""\nTITLE = __doc__\n')


@pytest.mark.parametrize(("base", "old", "new"), [
    (WRAPPERS, "A box.", "A crate."),
    (DECORATED, "Scale a value.", "Double it."),
    (OWN, '"""Wrappers."""', '"""Wrappers of functions."""'),
], ids=["class", "decorated-function", "module-reading-its-own"])
def test_docstrings_the_files_own_code_may_read_count(wrappers: Repo, base: str, old: str,
                                                      new: str) -> None:
    wrappers.commit("base", {"src/payment/wrappers.py": base})
    wrappers.write({"src/payment/wrappers.py": base.replace(old, new)})
    assert no_ops(select(wrappers, WRAPPER_TESTS)) == {"src/payment/wrappers.py": None}


def test_doc_written_in_a_docstring_is_not_code_reading_docstrings(repo: Repo) -> None:
    text = MONEY.replace("Add two amounts.", "Add two amounts (see ``add.__doc__``).")
    repo.commit("prose", {"src/payment/money.py": text})
    repo.write({"src/payment/money.py": text.replace("Add two", "Sum two")})
    assert select(repo).nodeids() == []
