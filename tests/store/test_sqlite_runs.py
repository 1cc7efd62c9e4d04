"""qatron.store.sqlite_runs reads a real SQLite store as ResultsStore.list_runs does, and
leaves to ResultsStore every database it should not read itself."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.store import ResultsStore
from qatron.store.schema import VERSION_TABLE
from qatron.store.sqlite_runs import read_runs


def results(*outcomes: str, flaky: int = 0) -> ShardResult:
    tests = [TestResult(nodeid=f"t.py::test_{i}", outcome=Outcome(outcome), flaky=i < flaky)
             for i, outcome in enumerate(outcomes)]
    return ShardResult(index=0, count=1, status=ShardStatus.PASSED,
                       nodeids=[t.nodeid for t in tests], results=tests)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of two projects' runs in every state, with results, owners and facts."""
    url = f"sqlite:///{tmp_path_factory.mktemp('runs') / 'results.db'}"
    with ResultsStore(url) as store:
        first = store.create_run("shop", "smoke", "local", branch="main", commit="abc123",
                                 run_dir="/runs/1", params={"workers": 4, "tags": ["a"]})
        store.set_status(first, RunStatus.RUNNING)
        store.save_shard(first, results("passed", "passed", "failed", "skipped", flaky=1))
        store.update_run(first, flow_run_id="0b5e", message="1 failed")
        store.set_status(first, RunStatus.FAILED, "1/4 tests failed")
        store.mark_folder_removed(first, datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC))
        second = store.create_run("shop", "regression", "staging")
        store.set_owner(second, {"host": "elsewhere", "pid": 1, "since": "7"})
        store.set_sharding(second, "queue")
        store.set_status(second, RunStatus.RUNNING)
        store.save_shard(second, results("error", "xfailed", "xpassed"))
        store.create_run("blog", "smoke", "local")
        store.set_status(store.create_run("shop", "smoke", "local"), RunStatus.CANCELLED)
    return url


@pytest.mark.parametrize("filters", [
    {}, {"project": "shop"}, {"suite": "smoke"}, {"environment": "staging"},
    {"project": "shop", "suite": "smoke", "environment": "local"}, {"limit": 2},
    {"project": "nobody"}], ids=repr)
def test_the_runs_are_those_the_store_lists(filled: str, filters: dict[str, object]) -> None:
    with ResultsStore(filled) as store:
        listed = store.list_runs(**filters)  # type: ignore[arg-type]
    assert read_runs(filled, **filters) == listed  # type: ignore[arg-type]


def test_a_run_s_fields_and_counts_are_read_whole(filled: str) -> None:
    first = (read_runs(filled, suite="smoke", environment="local", limit=10) or [])[-1]
    assert (first.status, first.branch, first.commit, first.message) == (
        RunStatus.FAILED, "main", "abc123", "1/4 tests failed")
    assert (first.params, first.run_dir, first.flow_run_id) == (
        {"workers": 4, "tags": ["a"]}, "/runs/1", "0b5e")
    assert first.folder_removed_at == datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert first.started_at is not None and first.started_at.tzinfo is UTC
    assert (first.counts["passed"], first.counts["failed"], first.counts["skipped"],
            first.counts["total"], first.counts["flaky"]) == (2, 1, 1, 4, 1)
    second = (read_runs(filled, suite="regression") or [])[0]
    assert (second.owner, second.sharding) == ({"host": "elsewhere", "pid": 1, "since": "7"},
                                               "queue")


def test_what_only_the_store_can_open_is_left_to_it(tmp_path: Path, filled: str) -> None:
    missing = tmp_path / "not-yet.db"
    assert read_runs(f"sqlite:///{missing}") is None
    assert not missing.exists()  # the store creates it, with its schema
    for other in ("sqlite://", "sqlite:///:memory:", "postgresql+psycopg://u@db/results",
                  f"{filled}?timeout=5",
                  filled.replace("sqlite:", "sqlite+pysqlite:")):
        assert read_runs(other) is None, other
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database at all" * 100)
    assert read_runs(f"sqlite:///{damaged}") is None


def test_a_store_to_migrate_is_left_to_the_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with ResultsStore(url) as store:
        store.create_run("shop", "smoke", "local")
    assert read_runs(url) is not None
    with sqlite3.connect(tmp_path / "old.db") as connection:
        connection.execute(f"UPDATE {VERSION_TABLE} SET version_num = '0012'")
    assert read_runs(url) is None
