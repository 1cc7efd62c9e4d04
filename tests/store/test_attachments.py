"""Migration 0009: ``test_results.attachments`` (a test's evidence files), on SQLite and
PostgreSQL."""

from __future__ import annotations

from qatron.models import Outcome, ShardResult, ShardStatus, TestResult
from qatron.store import ResultsStore
from tests.store.test_unstable_ids import _columns, _migrate

#: A run with one result, as revision 0008 stored it.
_RESULT_AT_0008 = (
    "insert into runs (project, suite, environment, status, created_at, params, meta) "
    "values ('shop', 'ui', 'local', 'completed', '2026-12-01 10:00:00+00:00', '{}', '{}')",
    'insert into shards (run_id, "index", "count", status, message, planned, nodeids) '
    "select id, 1, 1, 'passed', '', 1, '[\"t::a\"]' from runs",
    "insert into test_results (run_id, shard_id, nodeid, outcome, duration, attempts, flaky, "
    "message, traceback, output_tail, markers) "
    "select run_id, id, 't::a', 'passed', 0.5, 1, false, '', '', '', '[]' from shards",
)


def test_attachments_round_trip(url: str) -> None:
    files = ["/runs/1/evidence/t_b/screenshot.png", "/runs/1/evidence/t_b/page.html"]
    with ResultsStore(url) as store:
        run_id = store.create_run("shop", "ui", "local")
        store.save_shard(run_id, ShardResult(
            index=1, count=1, status=ShardStatus.FAILED, nodeids=["t::a", "t::b"],
            results=[TestResult("t::a", Outcome.PASSED),
                     TestResult("t::b", Outcome.FAILED, attachments=files)]))
        summary = store.load_summary(run_id)
    assert summary is not None
    assert {r.nodeid: r.attachments for r in summary.results} == {"t::a": [], "t::b": files}


def test_0009_gives_results_already_stored_no_attachments(url: str) -> None:
    _migrate(url, "0008", *_RESULT_AT_0008)
    with ResultsStore(url) as store:  # opening migrates to the newest revision
        summary = store.load_summary(store.list_runs()[0].id)
    assert summary is not None
    assert [(r.nodeid, r.attachments) for r in summary.results] == [("t::a", [])]


def test_0009_downgrade_drops_the_column(url: str) -> None:
    ResultsStore(url).close()
    assert "attachments" in _columns(url)
    _migrate(url, "0008", down=True)
    assert "attachments" not in _columns(url)
