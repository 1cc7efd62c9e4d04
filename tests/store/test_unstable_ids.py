"""Migration 0006: ``test_results.unstable_id``, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect, text

from qatron.models import Outcome, ShardResult, ShardStatus, TestResult
from qatron.store import ResultsStore
from qatron.store.engine import alembic_config, open_engine

#: A run with one result, as revision 0005 stored it.
_RESULT_AT_0005 = (
    "insert into runs (project, suite, environment, status, created_at, params, meta) "
    "values ('shop', 'unit', 'local', 'completed', '2026-12-01 10:00:00+00:00', '{}', '{}')",
    'insert into shards (run_id, "index", "count", status, message, planned, nodeids) '
    "select id, 1, 1, 'passed', '', 1, '[\"t::a\"]' from runs",
    "insert into test_results (run_id, shard_id, nodeid, outcome, duration, attempts, flaky, "
    "message, traceback, output_tail, markers) "
    "select run_id, id, 't::a', 'passed', 0.5, 1, false, '', '', '', '[]' from shards",
)


def _migrate(url: str, revision: str, *statements: str, down: bool = False) -> None:
    """Upgrade (or downgrade) the database to ``revision``, then run ``statements``."""
    from alembic import command

    engine, _ = open_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _columns(url: str) -> set[str]:
    engine, _ = open_engine(url)
    try:
        with engine.connect() as connection:
            return {column["name"] for column in inspect(connection).get_columns("test_results")}
    finally:
        engine.dispose()


def test_0006_adds_unstable_id_false_for_results_already_stored(url: str) -> None:
    _migrate(url, "0005", *_RESULT_AT_0005)
    with ResultsStore(url) as store:  # opening migrates to the newest revision
        summary = store.load_summary(store.list_runs()[0].id)
        run_id = store.create_run("shop", "unit", "local")
        store.save_shard(run_id, ShardResult(
            index=1, count=1, status=ShardStatus.PASSED, nodeids=["t::a[111]"],
            results=[TestResult("t::a[222]", Outcome.PASSED, unstable_id=True)]))
        new = store.load_summary(run_id)
    assert summary is not None and new is not None
    assert [(r.nodeid, r.unstable_id) for r in summary.results] == [("t::a", False)]
    assert [(r.nodeid, r.unstable_id) for r in new.results] == [("t::a[222]", True)]


def test_0006_downgrade_drops_the_column(url: str) -> None:
    ResultsStore(url).close()  # opening a store migrates it to the latest revision
    assert "unstable_id" in _columns(url)
    _migrate(url, "0005", down=True)
    assert "unstable_id" not in _columns(url)
