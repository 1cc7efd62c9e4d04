"""Facts about a run in their own columns and tables: owner, sharding, folder removal,
quarantine, failure analysis and notifications; moved out of ``runs.meta`` by 0005."""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text

from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.quarantine import QuarantineMatch
from qatron.store import ResultsStore, StoreError
from qatron.store.engine import alembic_config, open_engine

STAMP = {"host": "ci-7", "pid": 4242, "since": "81234"}


def match(nodeid: str, expired: bool = False) -> QuarantineMatch:
    return QuarantineMatch(nodeid=nodeid, test=nodeid, owner="qa", reason="flaky upstream",
                           until="2026-12-31", expired=expired)


def cluster(cluster_id: str, count: int = 1) -> dict[str, Any]:
    return {"id": cluster_id, "category": "network", "team": "platform", "count": count}


def test_a_runs_facts_are_recorded_and_read_back(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "staging")
    fresh = store.get_run(run_id)
    assert (fresh.owner, fresh.sharding, fresh.folder_removed_at) == (None, None, None)

    store.set_owner(run_id, STAMP)
    store.set_sharding(run_id, "queue")
    removed = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    store.mark_folder_removed(run_id, removed)
    run = store.get_run(run_id)
    assert (run.owner, run.sharding, run.folder_removed_at) == (STAMP, "queue", removed)
    assert [r.id for r in store.list_runs()] == [run_id] and store.list_runs()[0].owner == STAMP


def test_quarantine_matches_mark_the_loaded_results_and_a_save_replaces_them(
        store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "staging")
    results = [TestResult(nodeid=n, outcome=Outcome.FAILED) for n in ("t::a", "t::b", "t::c")]
    store.save_shard(run_id, ShardResult(index=1, count=1, status=ShardStatus.FAILED,
                                         nodeids=[r.nodeid for r in results], results=results))
    store.save_quarantine(run_id, [match("t::b"), match("t::a", expired=True)])
    summary = store.load_summary(run_id)
    assert summary.quarantine == [match("t::b"), match("t::a", expired=True)]
    assert {r.nodeid: r.quarantined for r in summary.results} == {
        "t::a": False, "t::b": True, "t::c": False}

    store.save_quarantine(run_id, [match("t::c")])
    assert store.quarantine(run_id) == [match("t::c")]
    store.save_quarantine(run_id, [])
    assert store.load_summary(run_id).quarantine == []


def test_a_failure_analysis_is_replaced_whole_and_gives_the_cluster_history(
        store: ResultsStore) -> None:
    first, second, other = (store.create_run(p, "smoke", "staging")
                            for p in ("shop", "shop", "bank"))
    store.create_run("shop", "smoke", "staging")  # never analysed: not in the history
    store.save_failure_analysis(first, [{"nodeid": "t::a", "cluster": "c1"}], [cluster("c1")])
    store.save_failure_analysis(second, [{"nodeid": "t::a", "cluster": "c1"}],
                                [cluster("c1"), cluster("c2")])
    store.save_failure_analysis(second, [{"nodeid": "t::b", "cluster": "c3"}], [cluster("c3")])
    store.save_failure_analysis(other, [], [cluster("c9")])

    analysis = store.failure_analysis(second)
    assert analysis.failures == [{"nodeid": "t::b", "cluster": "c3"}]
    assert analysis.clusters == [cluster("c3")] and analysis.analysed_at.tzinfo is not None
    assert store.failure_analysis(store.create_run("shop", "smoke", "staging")) is None
    history = store.cluster_history("shop")
    assert [[c["id"] for c in clusters] for _, clusters in history] == [["c3"], ["c1"]]
    assert history[0][0] == store.get_run(second).created_at
    assert [c for _, c in store.cluster_history("shop", excluding=second)] == [[cluster("c1")]]
    assert len(store.cluster_history("shop", last=1)) == 1


def test_mark_notified_records_each_key_once(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "staging")
    assert store.mark_notified(run_id, ["c1:platform", "c2:shop", "c1:platform"]) == [
        "c1:platform", "c2:shop"]
    assert store.mark_notified(run_id, ["c2:shop", "c3:platform"]) == ["c3:platform"]
    assert store.mark_notified(run_id, []) == []
    assert store.notified(run_id) == ["c1:platform", "c2:shop", "c3:platform"]
    assert store.notified(store.create_run("shop", "smoke", "staging")) == []


def test_facts_of_an_unknown_run_are_refused(store: ResultsStore) -> None:
    for record in (lambda: store.set_owner(42, STAMP), lambda: store.set_sharding(42, "queue"),
                   lambda: store.mark_folder_removed(42),
                   lambda: store.save_quarantine(42, [match("t::a")]),
                   lambda: store.save_failure_analysis(42, [], []),
                   lambda: store.mark_notified(42, ["c1:platform"])):
        with pytest.raises(StoreError, match="run 42 does not exist"):
            record()
    with pytest.raises(ValueError, match="1 to 16 characters"):
        store.set_sharding(store.create_run("shop", "smoke", "staging"), "x" * 17)


def test_update_run_and_set_owner_touch_only_their_own_columns(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "staging", params={"shards": 2})
    store.set_owner(run_id, STAMP)
    store.update_run(run_id, flow_run_id="0b7e-42")  # touches only its own column
    run = store.get_run(run_id)
    assert (run.owner, run.flow_run_id, run.params) == (STAMP, "0b7e-42", {"shards": 2})


# --- migration 0005 ---------------------------------------------------------------------

OLD_META = {
    "owner": STAMP,
    "quarantine": [match("t::b").to_json(), match("t::a", expired=True).to_json()],
    "failures": [{"nodeid": "t::a", "category": "network", "cluster": "c1"}],
    "failure_clusters": [cluster("c1")],
    "notified": ["c1:platform", "c1:platform", "c2:shop"],
    "files_removed_at": "2026-11-30T10:15:00+00:00",
    "coverage": {"lines": 0.81},  # not a moved fact: stays in meta
}


def _at_0004(url: str, runs: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """A database at revision 0004 holding runs with these (params, meta)."""
    from alembic import command

    engine, _ = open_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, "0004")
            for params, meta in runs:
                connection.execute(text(
                    "insert into runs (project, suite, environment, status, created_at, "
                    "finished_at, params, meta) values ('shop', 'unit', 'local', 'completed', "
                    "'2026-11-22 10:00:00+00:00', '2026-11-22 10:05:00+00:00', :params, :meta)"),
                    {"params": json.dumps(params), "meta": json.dumps(meta)})
    finally:
        engine.dispose()


def _raw(url: str, statement: str) -> list[Any]:
    engine, _ = open_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(statement)))
    finally:
        engine.dispose()


def _json(value: Any) -> Any:
    """A JSON column's value as read by plain SQL (SQLite gives the text)."""
    return json.loads(value) if isinstance(value, str) else value


def test_0005_moves_the_facts_out_of_meta_and_params(url: str) -> None:
    _at_0004(url, [({"shards": 2, "sharding": "queue"}, OLD_META),
                   ({"shards": 1}, {"coverage": {"lines": 0.5}}),
                   ({}, {"failure_clusters": [cluster("c7")]})])
    with ResultsStore(url) as store:
        moved, untouched, clusters_only = (store.get_run(run_id) for run_id in (1, 2, 3))
        assert (moved.owner, moved.sharding) == (STAMP, "queue")
        assert moved.folder_removed_at == datetime(2026, 11, 30, 10, 15, tzinfo=UTC)
        assert moved.params == {"shards": 2}
        assert store.quarantine(1) == [match("t::b"), match("t::a", expired=True)]
        analysis = store.failure_analysis(1)
        assert (analysis.failures, analysis.clusters) == (OLD_META["failures"],
                                                          [cluster("c1")])
        assert analysis.analysed_at == datetime(2026, 11, 22, 10, 5, tzinfo=UTC)
        assert store.notified(1) == ["c1:platform", "c2:shop"]

        assert (untouched.owner, untouched.sharding, untouched.folder_removed_at) == (
            None, None, None)
        assert untouched.params == {"shards": 1}
        assert store.quarantine(2) == [] and store.failure_analysis(2) is None
        assert store.failure_analysis(3).failures == [] and clusters_only.owner is None
        assert [c for _, c in store.cluster_history("shop")] == [[cluster("c7")],
                                                                 [cluster("c1")]]
    assert _raw(url, "select count(*) from runs where owner is null") == [(2,)]
    assert [_json(meta) for _, meta in _raw(url, "select id, meta from runs order by id")] == [
        {"coverage": {"lines": 0.81}}, {"coverage": {"lines": 0.5}}, {}]


def test_0005_downgrade_puts_the_facts_back(url: str) -> None:
    from alembic import command

    _at_0004(url, [({"shards": 2, "sharding": "queue"}, OLD_META)])
    ResultsStore(url).close()
    engine, _ = open_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
    finally:
        engine.dispose()
    params, meta = _raw(url, "select params, meta from runs")[0]
    params, meta = _json(params), _json(meta)
    assert params == {"shards": 2, "sharding": "queue"}
    assert meta == {**OLD_META, "notified": ["c1:platform", "c2:shop"]}
    tables = {row[0] for row in _raw(url, _TABLES[url.split(":")[0].split("+")[0]])}
    assert not tables & {"run_quarantine", "failure_analyses", "run_notifications"}


_TABLES = {"sqlite": "select name from sqlite_master where type = 'table'",
           "postgresql": "select tablename from pg_tables where schemaname = 'public'"}


# --- concurrent writers -----------------------------------------------------------------

ROUNDS = 40


def _write(url: str, fact: str, run_id: int, barrier: threading.Barrier) -> None:
    """Record one fact of the run ROUNDS times through a store (and engine) of its own."""
    with ResultsStore(url) as store:
        barrier.wait()
        for n in range(ROUNDS):
            if fact == "owner":
                store.set_owner(run_id, {"host": "h", "pid": os.getpid(), "since": str(n)})
                store.set_sharding(run_id, "queue")
            elif fact == "analysis":
                store.save_failure_analysis(run_id, [{"nodeid": f"t::{n}"}], [cluster("c", n)])
            elif fact == "notified":
                store.mark_notified(run_id, [f"c{n}:platform"])
            elif fact == "quarantine":
                store.save_quarantine(run_id, [match(f"t::{i}") for i in range(n + 1)])
            else:
                store.set_status(run_id, RunStatus.RUNNING, f"round {n}")


def test_writers_of_different_facts_at_once_lose_nothing(url: str) -> None:
    with ResultsStore(url) as store:
        run_id = store.create_run("shop", "smoke", "staging")
    facts = ["owner", "analysis", "notified", "quarantine", "status"]
    barrier = threading.Barrier(len(facts))
    with ThreadPoolExecutor(len(facts)) as pool:
        for done in [pool.submit(_write, url, fact, run_id, barrier) for fact in facts]:
            done.result(timeout=120)
    last = ROUNDS - 1
    with ResultsStore(url) as store:
        run = store.get_run(run_id)
        assert run.owner is not None and run.owner["since"] == str(last)
        assert (run.sharding, run.message) == ("queue", f"round {last}")
        analysis = store.failure_analysis(run_id)
        assert (analysis.failures, analysis.clusters) == ([{"nodeid": f"t::{last}"}],
                                                          [cluster("c", last)])
        assert store.notified(run_id) == [f"c{n}:platform" for n in range(ROUNDS)]
        assert store.quarantine(run_id) == [match(f"t::{i}") for i in range(ROUNDS)]


def test_two_writers_marking_the_same_keys_each_get_a_key_once(url: str) -> None:
    with ResultsStore(url) as store:
        run_id = store.create_run("shop", "smoke", "staging")
    barrier = threading.Barrier(2)

    def mark_all() -> list[str]:
        with ResultsStore(url) as store:
            barrier.wait()
            return [key for n in range(ROUNDS)
                    for key in store.mark_notified(run_id, [f"c{n}:platform", f"c{n + 1}:x"])]

    with ThreadPoolExecutor(2) as pool:
        first, second = (done.result(timeout=120)
                         for done in [pool.submit(mark_all), pool.submit(mark_all)])
    expected = {f"c{n}:platform" for n in range(ROUNDS)} | {f"c{n + 1}:x" for n in range(ROUNDS)}
    assert len(first) + len(second) == len(expected)
    assert set(first) | set(second) == expected
