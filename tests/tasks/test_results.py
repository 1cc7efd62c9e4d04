"""persist-shard: a shard reaches the store, or stays in the run folder for resume."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from qatron.models import Outcome, ShardResult, ShardStatus, TestResult
from qatron.processes import free_port
from qatron.run import unsaved_shards
from qatron.store import ResultsStore
from tasks.results import persist_shard
from tests.projects import write_project
from tests.tasks.conftest import OpenContext


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "p", "project: kept\nsuites: {all: {}}\n",
                         {"tests/test_a.py": "def test_a():\n    pass\n"})


def shard() -> ShardResult:
    results = [TestResult(nodeid="tests/test_a.py::test_a", outcome=Outcome.PASSED,
                          duration=0.25, shard_index=2),
               TestResult(nodeid="tests/test_a.py::test_b", outcome=Outcome.FAILED,
                          duration=1.5, shard_index=2, message="AssertionError: 1 != 2")]
    return ShardResult(index=2, count=2, status=ShardStatus.FAILED,
                       nodeids=[r.nodeid for r in results], results=results, exit_code=1)


def test_a_shard_is_stored_and_its_copy_in_the_run_folder_removed(
        project: Path, open_ctx: OpenContext) -> None:
    ctx = open_ctx(project, "all")

    assert persist_shard.fn(ctx, shard()) is None

    with ResultsStore(ctx.database_url) as store:
        [stored] = store.load_summary(ctx.run_id).shards
    assert (stored.index, stored.status, stored.exit_code) == (2, ShardStatus.FAILED, 1)
    assert {r.nodeid: (r.outcome, r.duration) for r in stored.results} == {
        "tests/test_a.py::test_a": (Outcome.PASSED, 0.25),
        "tests/test_a.py::test_b": (Outcome.FAILED, 1.5)}
    assert unsaved_shards(ctx.run_dir) == []


def test_a_shard_the_store_refuses_stays_in_the_run_folder_and_says_why(
        project: Path, open_ctx: OpenContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QATRON_STORE_PATIENCE", "0.1")
    ctx = open_ctx(project, "all")
    unreachable = f"postgresql+psycopg2://qatron@127.0.0.1:{free_port()}/results"
    gone = dataclasses.replace(ctx, database_url=unreachable)

    problem = persist_shard.fn(gone, shard())

    assert problem is not None and "cannot reach the results database" in problem
    [(path, kept)] = unsaved_shards(ctx.run_dir)
    assert path == ctx.run_dir / "shards" / "shard-2.result.json"
    assert kept == shard()
