"""Modules skipped while pytest collects them are skipped results, counted as pytest counts
them: in the collection pass and in a shard's own collection (real pytest processes)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qatron.models import Outcome, ShardStatus, count_outcomes
from qatron.pytest_runner import ShardSpec, TestCommand, collect_tests, execute_shard
from qatron.verdict import collection_shard
from tests.projects import write_project

#: One module skipped by importorskip, one by a module-level skip, and ordinary tests.
SKIPPING_SUITE = {
    "tests/test_optional.py": """
        import pytest

        pytest.importorskip("not_installed_anywhere_q7")

        def test_uses_it():
            assert False, "skipped with its module"
    """,
    "tests/test_database.py": """
        import pytest

        pytest.skip("needs a database", allow_module_level=True)

        def test_query():
            assert False, "skipped with its module"
    """,
    "tests/test_checkout.py": """
        import pytest

        def test_total():
            assert 2 * 21 == 42

        def test_cart():
            assert [] == []

        @pytest.mark.skip(reason="not in this market")
        def test_vouchers():
            assert False, "skipped by its marker"
    """,
}


def pytest_counts(app: Path) -> dict[str, int]:
    """pytest's own summary of the suite (``-rs``): {outcome: count}."""
    done = subprocess.run([sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider",
                           "-p", "no:qatron", "tests"], cwd=app, capture_output=True, text=True)
    last = done.stdout.strip().splitlines()[-1]
    return {word: int(count) for count, word in re.findall(r"(\d+) (\w+)", last)}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("skips"), "project: skips\n", SKIPPING_SUITE)


def test_the_collection_pass_reports_each_skipped_module_with_its_reason(
        app: Path, tmp_path: Path) -> None:
    collection = collect_tests(TestCommand(app_dir=app, paths=["tests"]), tmp_path)

    assert collection.errors == []
    reasons = {r.nodeid: (r.outcome, r.message) for r in collection.skipped}
    assert reasons == {
        "tests/test_optional.py": (Outcome.SKIPPED,
                                   "could not import 'not_installed_anywhere_q7': "
                                   "No module named 'not_installed_anywhere_q7'"),
        "tests/test_database.py": (Outcome.SKIPPED, "needs a database"),
    }
    assert collection.nodeids == ["tests/test_checkout.py::test_total",
                                  "tests/test_checkout.py::test_cart",
                                  "tests/test_checkout.py::test_vouchers"]


def test_the_runs_counts_equal_pytests_own(app: Path, tmp_path: Path) -> None:
    command = TestCommand(app_dir=app, paths=["tests"])
    collection = collect_tests(command, tmp_path)
    shard = execute_shard(ShardSpec(index=1, count=1, nodeids=collection.nodeids,
                                    run_dir=tmp_path, command=command, rootdir=app,
                                    deadline=time.monotonic() + 120))
    skipped_modules = collection_shard(collection.errors, 1, collection.skipped)

    counts = count_outcomes([*skipped_modules.results, *shard.results])

    assert skipped_modules.status is ShardStatus.PASSED
    assert {k: v for k, v in counts.items() if v and k != "total"} == pytest_counts(app) == {
        "passed": 2, "skipped": 3}


def test_a_shard_that_finds_a_module_skipped_reports_it(app: Path, tmp_path: Path) -> None:
    planned = ["tests/test_database.py::test_query", "tests/test_checkout.py::test_total"]

    shard = execute_shard(ShardSpec(index=1, count=1, nodeids=planned, run_dir=tmp_path,
                                    command=TestCommand(app_dir=app, paths=["tests"]),
                                    rootdir=app, deadline=time.monotonic() + 120))

    outcomes = {r.nodeid: (r.outcome, r.message) for r in shard.results}
    assert outcomes["tests/test_database.py"] == (Outcome.SKIPPED, "needs a database")
    assert outcomes["tests/test_checkout.py::test_total"][0] is Outcome.PASSED
    assert outcomes["tests/test_database.py::test_query"][0] is Outcome.ERROR  # not lost
