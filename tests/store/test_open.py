"""Opening a ResultsStore: migrations, concurrent opens and the errors users see."""

from __future__ import annotations

import multiprocessing
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from qatron.models import Outcome, ShardResult, ShardStatus, TestResult
from qatron.store import ResultsStore, StoreError, default_database_url
from qatron.store.engine import HEAD_REVISION, open_engine
from qatron.store.models import VERSION_TABLE, Base


def test_open_migrates_and_reopening_is_idempotent(url: str) -> None:
    with ResultsStore(url) as first:
        run_id = first.create_run("shop", "smoke", "staging")
    with ResultsStore(url) as second:
        assert second.get_run(run_id).project == "shop"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            assert {"runs", "shards", "test_results", VERSION_TABLE} <= tables
            versions = connection.execute(text(f"select version_num from {VERSION_TABLE}"))
            assert versions.scalars().all() == [HEAD_REVISION]
            context = MigrationContext.configure(
                connection, opts={"version_table": VERSION_TABLE, "compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def _open_and_write(url: str, number: int, barrier: Any, run_ids: Any) -> None:
    barrier.wait()
    with ResultsStore(url) as opened:
        run_ids.put(opened.create_run("shop", f"suite{number}", "staging"))


def test_several_processes_can_open_a_new_database_at_once(url: str) -> None:
    spawned = multiprocessing.get_context("spawn")  # fork would copy Prefect's threads
    barrier, run_ids = spawned.Barrier(4), spawned.Queue()
    processes = [spawned.Process(target=_open_and_write, args=(url, number, barrier, run_ids))
                 for number in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [process.exitcode for process in processes] == [0, 0, 0, 0]
    assert sorted(run_ids.get(timeout=5) for _ in processes) == [1, 2, 3, 4]


def test_threads_can_open_stores_at_once(url: str, tmp_path: Path) -> None:
    urls = [url, f"sqlite:///{tmp_path}/other.db"] * 2
    barrier = threading.Barrier(len(urls))

    def open_and_write(target: str) -> int:
        barrier.wait()
        with ResultsStore(target) as opened:
            return opened.create_run("shop", "smoke", "staging")

    with ThreadPoolExecutor(len(urls)) as pool:
        assert sorted(pool.map(open_and_write, urls)) == [1, 1, 2, 2]


@pytest.mark.parametrize("driver", ["psycopg2", "psycopg"])
def test_unreachable_postgres_raises_store_error_with_masked_url(driver: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before the store connects
    began = time.monotonic()
    with pytest.raises(StoreError) as raised:
        ResultsStore(f"postgresql+{driver}://qa:s3cret@127.0.0.1:{port}/results")
    message = str(raised.value)
    assert f"postgresql+{driver}://qa:***@127.0.0.1:{port}/results" in message
    assert "s3cret" not in message and "QATRON_DATABASE_URL" in message
    assert raised.value.exit_code == 5
    assert time.monotonic() - began < 10


@pytest.mark.parametrize("scheme", ["postgresql+psycopg", "postgresql+psycopg2", "postgresql"])
def test_postgres_urls_of_either_installed_driver_hold_the_store(
    fresh_postgres_url: str, scheme: str
) -> None:
    # The README's URLs: psycopg 3's, as SQLAlchemy's docs write it, psycopg2's, and plain.
    url = scheme + fresh_postgres_url.removeprefix("postgresql+psycopg2")
    with ResultsStore(url) as store:  # a new database: migrated through this driver
        run_id = store.create_run("shop", "smoke", "staging")
        store.save_shard(run_id, ShardResult(
            index=1, count=1, status=ShardStatus.PASSED, nodeids=["t::a"],
            results=[TestResult("t::a", Outcome.PASSED, 0.5)]))
    with ResultsStore(url) as store:
        summary = store.load_summary(run_id)
        assert summary is not None
        assert [(r.nodeid, r.outcome) for r in summary.results] == [("t::a", Outcome.PASSED)]
    engine, _ = open_engine(url)
    try:
        # SQLAlchemy 2.1's driver for a plain postgresql:// is psycopg 3.
        assert engine.dialect.driver == (scheme.partition("+")[2] or "psycopg")
    finally:
        engine.dispose()


def test_a_driver_that_is_not_installed_names_the_installed_ones() -> None:
    with pytest.raises(StoreError) as raised:
        ResultsStore("postgresql+pg8000://qa:s3cret@127.0.0.1:5432/results")
    assert str(raised.value) == (
        "the driver for the results database postgresql+pg8000://qa:***@127.0.0.1:5432/results "
        "is not installed (No module named 'pg8000'): install it or choose another "
        "QATRON_DATABASE_URL (installed: postgresql+psycopg:// and postgresql+psycopg2://)")


def test_unusable_sqlite_path_raises_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="a-file/sub/results.db"):
        ResultsStore(f"sqlite:///{blocker}/sub/results.db")
    with pytest.raises(StoreError, match="not a database URL"):
        ResultsStore("no-such-scheme")


def test_database_from_a_newer_qatron_raises_store_error(url: str) -> None:
    ResultsStore(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"update {VERSION_TABLE} set version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="9999.*upgrade QAtron"):
        ResultsStore(url)


def test_default_database_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("QATRON_DATABASE_URL", raising=False)
    assert default_database_url(tmp_path) == f"sqlite:///{tmp_path.resolve()}/.qatron/results.db"
    monkeypatch.setenv("QATRON_DATABASE_URL", "postgresql+psycopg2://qa@db/results")
    assert default_database_url(tmp_path) == "postgresql+psycopg2://qa@db/results"


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    from qatron.store.engine import HEAD_REVISION, alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert script.get_heads() == [HEAD_REVISION]
