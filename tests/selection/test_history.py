"""History priority: only real failures count, and never for a change that selects nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.selection import TestHistory, select_tests
from qatron.selection.history import load_history
from qatron.store import ResultsStore
from tests.selection import Repo

REAL = "tests/test_cart.py::test_total"
KILLED = "tests/test_cart.py::test_killed"
UNSTABLE = "tests/test_clock.py::test_now[1700000000.1]"
FILES = {
    "README.md": "# shop\n",
    "shop/__init__.py": "",
    "shop/cart.py": "def total(items):\n    return sum(items)\n",
    "shop/clock.py": "import time\n\n\ndef now():\n    return time.time()\n",
    "tests/test_cart.py": "from shop.cart import total\n\n\ndef test_total():\n"
                          "    assert total([1]) == 1\n\n\ndef test_killed():\n    pass\n",
    "tests/test_clock.py": "from shop.clock import now\n\n\ndef test_now():\n    assert now()\n",
    "tests/test_other.py": "def test_other():\n    pass\n",
}


def failed(nodeid: str, message: str, *, unstable: bool = False) -> TestResult:
    return TestResult(nodeid=nodeid, outcome=Outcome.FAILED, message=message,
                      traceback=f"E   {message}", unstable_id=unstable)


@pytest.fixture
def history(tmp_path: Path) -> dict[str, TestHistory]:
    results = [failed(REAL, "AssertionError: assert 2 == 1"),
               failed(KILLED, "the test process was killed by signal 9 (SIGKILL)"),
               failed(UNSTABLE, "AssertionError: assert 0", unstable=True),
               TestResult(nodeid="tests/test_other.py::test_other", outcome=Outcome.PASSED)]
    with ResultsStore(f"sqlite:///{tmp_path}/results.db") as store:
        run_id = store.create_run("shop", "all", "local")
        store.set_status(run_id, RunStatus.RUNNING)
        store.save_shard(run_id, ShardResult(index=1, count=1, status=ShardStatus.FAILED,
                                             nodeids=[r.nodeid for r in results],
                                             results=results))
        store.set_status(run_id, RunStatus.FAILED)
        return load_history(store, "shop")


def test_infrastructure_errors_and_unstable_ids_are_not_real_failures(
        history: dict[str, TestHistory]) -> None:
    assert (history[REAL].failed_recently, history[REAL].spurious) == (True, False)
    assert (history[KILLED].failed_recently, history[KILLED].spurious) == (False, True)
    assert (history[UNSTABLE].failed_recently, history[UNSTABLE].spurious) == (False, True)
    assert history["tests/test_other.py::test_other"].spurious is False


def test_only_real_failures_get_the_failed_last_time_priority(
        tmp_path: Path, history: dict[str, TestHistory]) -> None:
    repo = Repo(tmp_path / "repo", FILES)
    repo.write({"shop/__init__.py": "VERSION = 2\n"})
    selection = select_tests(repo.root, "HEAD", history=history)  # whole files as candidates
    failed_before = [t.nodeid for t in selection.selected
                     if "failed in the last run" in t.reasons]
    assert failed_before == ["tests/test_cart.py"]
    assert {t.nodeid: t.reasons for t in selection.selected}["tests/test_clock.py"] == [
        "imports shop/__init__.py"]


@pytest.mark.parametrize("edit", [{"shop/cart.py": "def total(items):  # sum\n"
                                                   "    return sum(items)\n"},
                                  {"README.md": "# the shop\n"}])
def test_a_harmless_edit_runs_no_failed_test(tmp_path: Path, history: dict[str, TestHistory],
                                             edit: dict[str, str]) -> None:
    repo = Repo(tmp_path / "repo", FILES)
    repo.write(edit)
    assert select_tests(repo.root, "HEAD", history=history).selected == []
