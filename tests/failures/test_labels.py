"""Labels of failure clusters: kept with the cluster's fingerprint in a real results store
(SQLite and PostgreSQL), read back, replaced, refused for an unknown category or cluster;
through the engine, the Python API and the real ``qatron label-failure`` command."""

from __future__ import annotations

import getpass
import json
from dataclasses import replace
from pathlib import Path

import pytest

import qatron
from qatron.config import FailureAnalysis, FailureCategory
from qatron.errors import ConfigError
from qatron.exit_codes import EXIT_CONFIG
from qatron.failures import Analyser, Failure, categories
from qatron.failures.labels import (
    Label,
    check_category,
    labels_by_fingerprint,
    load_labels,
    save_label,
)
from qatron.store import ResultsStore, default_database_url
from tests.projects import qatron as qatron_command
from tests.projects import write_project
from tests.store.conftest import store, url  # noqa: F401 - fixtures: SQLite and PostgreSQL
from tests.store.test_unstable_ids import _migrate


def analysed(db: ResultsStore, project: str, *failures: tuple[str, str, str]) -> int:
    """A run of ``project`` whose analysis has these (nodeid, cluster, fingerprint)."""
    run_id = db.create_run(project, "all", "local")
    db.save_failure_analysis(run_id, [
        {"nodeid": nodeid, "category": "unknown", "team": "qa", "cluster": cluster,
         "fingerprint": fingerprint, "confidence": 0.5, "evidence": "none of the rules"}
        for nodeid, cluster, fingerprint in failures], [])
    return run_id


def test_a_label_is_kept_with_the_clusters_fingerprint_and_read_back(
        store: ResultsStore) -> None:  # noqa: F811
    analysed(store, "shop", ("t::a", "c1", "old fingerprint"))
    analysed(store, "shop", ("t::a", "c1", "upstream_unreachable|ConnectionRefused|client.py"),
             ("t::b", "c2", "wrong_behaviour|assert|test_b"))
    label = save_label(store, "shop", "c1", category="upstream_unreachable", team="platform",
                       note="the payments sandbox is down on Mondays")
    [loaded] = load_labels(store, "shop")
    assert loaded == label
    assert (loaded.cluster, loaded.fingerprint, loaded.category, loaded.team) == (
        "c1", "upstream_unreachable|ConnectionRefused|client.py", "upstream_unreachable",
        "platform")
    assert loaded.note == "the payments sandbox is down on Mondays"
    assert loaded.labelled_by == getpass.getuser() and loaded.labelled_at.tzinfo is not None
    assert labels_by_fingerprint(load_labels(store)) == {loaded.fingerprint: loaded}
    assert load_labels(store, "another") == []


def test_a_second_label_of_a_cluster_replaces_the_first(store: ResultsStore) -> None:  # noqa: F811
    analysed(store, "shop", ("t::a", "c1", "fp1"), ("t::b", "c2", "fp2"))
    save_label(store, "shop", "c1", category="upstream_unreachable", team="platform")
    save_label(store, "shop", "c2", category="hang", team="shop")
    second = save_label(store, "shop", "c1", category="slow_upstream", team="payments",
                        note="timeouts, not refusals", by="ana")
    labels = load_labels(store, "shop")
    assert [(x.cluster, x.category, x.team) for x in labels] == [
        ("c2", "hang", "shop"), ("c1", "slow_upstream", "payments")]
    assert labels[1] == second and second.labelled_by == "ana"


def test_an_unknown_category_is_refused_with_the_known_ones(store: ResultsStore) -> None:  # noqa: F811
    analysed(store, "shop", ("t::a", "c1", "fp1"))
    with pytest.raises(ConfigError) as caught:
        save_label(store, "shop", "c1", category="netwrk", team="platform")
    message = str(caught.value)
    assert "unknown category 'netwrk'" in message
    assert all(name in message for name in categories.CATEGORIES)
    assert load_labels(store) == []


def test_a_cluster_no_stored_analysis_has_is_named(store: ResultsStore) -> None:  # noqa: F811
    analysed(store, "shop", ("t::a", "c1", "fp1"))
    analysed(store, "other", ("t::a", "c9", "fp9"))
    for cluster in ("c404", "c9"):  # c9 is another project's
        with pytest.raises(ConfigError) as caught:
            save_label(store, "shop", cluster, category="hang", team="platform")
        assert f"no stored analysis of project 'shop' has cluster {cluster!r}" in str(
            caught.value)
        assert "qatron failures RUN_ID" in str(caught.value)
    assert load_labels(store) == []


def test_a_category_is_a_built_in_or_one_of_the_project_s() -> None:
    assert check_category("hang") == "hang"
    with pytest.raises(ConfigError, match="unknown category 'my_cause'; expected one of "):
        check_category("my_cause")
    mine = FailureAnalysis(categories=[FailureCategory(name="my_cause", patterns=["x"])])
    assert check_category("my_cause", mine) == "my_cause"


def test_failures_analysed_before_0010_have_their_fingerprints(url: str) -> None:  # noqa: F811
    failures = json.dumps([{"nodeid": "t::a", "category": "network", "team": "platform",
                            "cluster": "c1", "fingerprint": "fp-old", "confidence": 0.9,
                            "evidence": "ConnectionRefusedError"}])
    _migrate(url, "0009",
             "insert into runs (project, suite, environment, status, created_at, params, "
             "meta) values ('shop', 'all', 'local', 'failed', '2026-12-01 10:00:00+00:00', "
             "'{}', '{}')",
             "insert into failure_analyses (run_id, analysed_at, failures, clusters) select "
             f"id, '2026-12-01 10:05:00+00:00', '{failures}', '[]' from runs")
    with ResultsStore(url) as db:  # opening migrates to 0010
        [row] = db.run_failures(db.list_runs()[0].id)
        label = save_label(db, "shop", "c1", category="upstream_unreachable",
                           team="platform")
    assert (row.nodeid, row.category, row.team, row.cluster, row.confidence) == (
        "t::a", "network", "platform", "c1", 0.9)
    assert label.fingerprint == "fp-old"


def _project(tmp_path: Path) -> Path:
    project = write_project(tmp_path / "p", """
        project: labelled
        suites: {all: {}}
        failure_analysis:
          categories:
            - {name: sandbox_down, patterns: ["sandbox"]}
    """, {})
    with ResultsStore(default_database_url(project)) as db:
        analysed(db, "labelled", ("t::a", "c1a2b3", "fp-sandbox"))
    return project


def test_the_python_api_labels_with_the_projects_own_categories(tmp_path: Path) -> None:
    project = _project(tmp_path)
    label = qatron.label_failure("c1a2b3", category="sandbox_down", team="payments",
                                 note="PSP sandbox", project=project)
    assert isinstance(label, Label) and label.fingerprint == "fp-sandbox"
    with ResultsStore(default_database_url(project)) as db:
        assert load_labels(db, "labelled") == [label]


def test_the_command_labels_a_cluster_and_names_what_is_wrong(tmp_path: Path) -> None:
    project = _project(tmp_path)
    done = qatron_command("label-failure", "c1a2b3", "--category", "hang", "--team",
                          "platform", "--note", "a lock", "--project", str(project), env={})
    assert done.returncode == 0, done.stderr
    assert "Labelled cluster c1a2b3 of labelled: hang, team platform" in done.stdout
    shown = qatron_command("label-failure", "c1a2b3", "--category", "sandbox_down", "--team",
                           "payments", "--project", str(project), "--json", env={})
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["category"] == "sandbox_down"

    unknown = qatron_command("label-failure", "c404", "--category", "hang", "--team", "x",
                             "--project", str(project), env={})
    assert unknown.returncode == EXIT_CONFIG
    assert "has cluster 'c404'" in " ".join(unknown.stderr.split())
    assert "Traceback" not in unknown.stderr
    bad = qatron_command("label-failure", "c1a2b3", "--category", "nope", "--team", "x",
                         "--project", str(project), env={})
    assert bad.returncode == EXIT_CONFIG
    assert "unknown category 'nope'" in " ".join(bad.stderr.split())
    with ResultsStore(default_database_url(project)) as db:
        [label] = load_labels(db, "labelled")
    assert (label.category, label.team, label.note) == ("sandbox_down", "payments", "")


LOCKED = """    def test_orders():
>       save_order(order)

tests/test_orders.py:7:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _

shop/db.py:41: in save_order
    connection.execute(INSERT, order)
E   sqlite3.OperationalError: attempt to write a readonly database at {path}

shop/db.py:41: OperationalError"""


def test_a_label_applies_to_later_failures_like_its_cluster_but_not_over_a_rule(
        store: ResultsStore) -> None:  # noqa: F811
    first = Failure(nodeid="tests/test_orders.py::test_orders",
                    message="sqlite3.OperationalError: attempt to write a readonly database",
                    traceback=LOCKED.format(path="/tmp/run-1/shop.db"))
    [before] = Analyser().analyse([first]).failures
    assert before.category != "infrastructure"  # no built-in cause says so
    run = store.create_run("shop", "all", "local")
    store.save_failure_analysis(run, [before.to_json()], [])
    save_label(store, "shop", before.cluster, category="infrastructure", team="platform",
               note="the backup job mounts the volume read-only", by="lead")
    labels = labels_by_fingerprint(load_labels(store, "shop"))

    later = replace(first, nodeid="tests/test_orders.py::test_refunds",
                    traceback=LOCKED.format(path="/tmp/run-7/shop.db"))
    [after] = Analyser(labels=labels).analyse([later]).failures
    assert (after.category, after.team, after.cluster) == ("infrastructure", "platform",
                                                           before.cluster)
    assert after.evidence.startswith(f"like cluster {before.cluster}, labelled on ")
    assert after.evidence.endswith("by lead: the backup job mounts the volume read-only")

    rule = FailureAnalysis(categories=[FailureCategory(name="readonly", patterns=["readonly"])])
    [ruled] = Analyser(rule, labels=labels).analyse([later]).failures
    assert ruled.category == "readonly"  # the project's own rule comes first
