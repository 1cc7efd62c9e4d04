"""qatron.store.sqlite_selection reads a real SQLite store as ResultsStore and
load_history do for ``qatron select``, and leaves to ResultsStore every database it
should not read itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.selection.coverage_map import AT_IMPORT, CoverageMap, FileCoverage
from qatron.selection.history import load_history
from qatron.store import ResultsStore
from qatron.store.schema import VERSION_TABLE
from qatron.store.sqlite_selection import read_selection_data
from tests.store.test_coverage_store import big_map

REAL = "tests/test_fail.py::test_real"
KILLED = "tests/test_fail.py::test_killed"
UNSTABLE = "tests/test_fail.py::test_now[1700000000.1]"


def shard(index: int, results: list[TestResult]) -> ShardResult:
    return ShardResult(index=index, count=2, status=ShardStatus.FAILED,
                       nodeids=[r.nodeid for r in results], results=results)


def passed(number: int, duration: float, *, flaky: bool = False) -> TestResult:
    return TestResult(nodeid=f"tests/test_m{number // 50}.py::test_{number % 50}",
                      outcome=Outcome.PASSED, duration=duration, flaky=flaky)


def run(store: ResultsStore, suite: str, shards: list[ShardResult], *,
        status: RunStatus = RunStatus.FAILED, project: str = "shop") -> int:
    run_id = store.create_run(project, suite, "local")
    store.set_status(run_id, RunStatus.RUNNING)
    for each in shards:
        store.save_shard(run_id, each)
    if status is not RunStatus.RUNNING:
        store.set_status(run_id, status)
    return run_id


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Runs of two suites (one still running, one of another project) and two saves of a
    recorded map: files changed since, tests forgotten, lines run at import."""
    url = f"sqlite:///{tmp_path_factory.mktemp('selection') / 'results.db'}"
    with ResultsStore(url) as store:
        for round_ in range(7):
            failures = [
                TestResult(nodeid=REAL, outcome=Outcome.FAILED, duration=0.5 + round_,
                           message="AssertionError: assert 2 == 1", traceback="E   assert 2 == 1"),
                TestResult(nodeid=KILLED, outcome=Outcome.FAILED,
                           message="the test process was killed by signal 9 (SIGKILL)"),
                TestResult(nodeid=UNSTABLE, outcome=Outcome.FAILED, message="assert 0",
                           unstable_id=True)]
            first = run(store, "all" if round_ % 3 else "nightly", [
                shard(1, [passed(n, 0.1 * (n + round_), flaky=n == round_) for n in range(40)]),
                shard(0, failures[round_ % 2:] + [passed(n, 0.2 * n) for n in range(40, 60)])])
            if round_ == 2:
                run(store, "all", [shard(0, [passed(n, 9.0) for n in range(5)])],
                    status=RunStatus.RUNNING)
        run(store, "all", [shard(0, [passed(n, 7.0) for n in range(10)])], project="blog")
        recorded = big_map(60, 300)
        recorded.files["conftest.py"] = FileCoverage("c0", {1: frozenset({AT_IMPORT})})
        store.save_coverage_map("shop", "api", recorded, first)
        changed = CoverageMap(files={path: FileCoverage("new", {3: frozenset({REAL})})
                                     for path in list(recorded.files)[:10]}, tests={REAL})
        store.save_coverage_map("shop", "api", changed, None,
                                collected=[f"tests/test_m0.py::test_{n}" for n in range(20)])
        store.save_coverage_map("shop", "web", big_map(5, 100, seed=1), first)
    return url


@pytest.mark.parametrize(("application", "suite", "runs"), [
    ("api", None, 5), ("api", "all", 5), ("api", "nightly", 2), ("web", "all", 1),
    ("api", "none", 5), ("nothing", None, 3)], ids=repr)
def test_the_map_and_history_are_those_the_store_gives(
        filled: str, application: str, suite: str | None, runs: int) -> None:
    with ResultsStore(filled) as store:
        expected = (store.load_coverage_map("shop", application),
                    load_history(store, "shop", suite, runs=runs))
    read = read_selection_data(filled, "shop", application, suite, runs=runs)
    assert read == expected
    coverage, history = read
    if application in ("api", "web"):  # the comparison covered what it is about
        assert coverage is not None and coverage.files and coverage.tests
    if application == "api":  # the newest save had no run; changed files wait for reruns
        assert coverage is not None and coverage.run_id is None and len(coverage.files) < 61
        assert "conftest.py" in coverage.files
    if suite != "none" and runs > 1:
        assert history[REAL].failed_recently and history[KILLED].spurious
        assert history[UNSTABLE].spurious and history[REAL].mean_duration is not None


def test_what_only_the_store_can_open_is_left_to_it(tmp_path: Path, filled: str) -> None:
    missing = tmp_path / "not-yet.db"
    assert read_selection_data(f"sqlite:///{missing}", "shop", "api") is None
    assert not missing.exists()
    for other in ("sqlite:///:memory:", "postgresql+psycopg://u@db/results", f"{filled}?timeout=5"):
        assert read_selection_data(other, "shop", "api") is None, other
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database at all" * 100)
    assert read_selection_data(f"sqlite:///{damaged}", "shop", "api") is None
    older = tmp_path / "older.db"
    older.write_bytes(Path(filled.removeprefix("sqlite:///")).read_bytes())
    with sqlite3.connect(older) as connection:
        connection.execute(f"UPDATE {VERSION_TABLE} SET version_num = '0001'")
    assert read_selection_data(f"sqlite:///{older}", "shop", "api") is None
