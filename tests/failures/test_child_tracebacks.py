"""A product's command line run by the tests in a child process, read from pytest's own
JUnit XML of a small project: the child's traceback that a test raises or asserts with
(its stderr, as bytes or as text) is the failure's root cause, so an error raised in the
product's code there is a product bug, one cluster with the same error met in process, and
a module missing in the child is a missing dependency."""

from __future__ import annotations

import pytest

from tests.failures.small_project import Analysed, analysed_project

TABLES = '''
import sys


def pad(width, text):
    return ("{0:>%ds}" % str(width)).format(text)


def render(rows):
    width = max(len(cell) for row in rows for cell in row)
    return "\\n".join(" ".join(pad(width, cell) for cell in row) for row in rows)


def main():
    if "--export" in sys.argv:
        import openpyxl_writer
        openpyxl_writer.save(sys.stdin.read())
    rows = [line.split(",") for line in sys.stdin.read().splitlines()]
    print(render(rows))


if __name__ == "__main__":
    main()
'''

TESTS = '''
import subprocess
import sys

from app import tables


def run(*arguments):
    return subprocess.run([sys.executable, "-m", "app.tables", *arguments],
                          input=b"a,bb\\nccc,d", capture_output=True, check=False)


def test_render_in_process():
    assert tables.render([["a"]]) == "a"


def test_cli_raises_with_its_stderr():
    child = run()
    if child.returncode != 0:
        raise OSError(child.stderr)


def test_cli_exit_status():
    child = run()
    assert child.returncode == 0, child.stderr.decode()


def test_cli_export():
    child = run("--export")
    assert child.returncode == 0, child.stderr.decode()
'''


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Analysed]:
    return analysed_project(tmp_path_factory.mktemp("tables"), {
        "app/__init__.py": "", "app/tables.py": TABLES, "tests/test_cli.py": TESTS})


def test_a_childs_traceback_raised_as_bytes_is_the_products_error(
        analysed: dict[str, Analysed]) -> None:
    category, cluster, evidence = analysed["test_cli_raises_with_its_stderr"]
    assert category == "product_bug", evidence
    assert "app/tables.py:6" in evidence
    assert cluster == analysed["test_render_in_process"][1]


def test_a_childs_traceback_in_an_assertions_message_is_the_products_error(
        analysed: dict[str, Analysed]) -> None:
    category, cluster, evidence = analysed["test_cli_exit_status"]
    assert category == "product_bug", evidence
    assert cluster == analysed["test_render_in_process"][1]


def test_a_module_missing_in_the_child_is_a_missing_dependency(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_cli_export"]
    assert category == "missing_dependency", evidence
