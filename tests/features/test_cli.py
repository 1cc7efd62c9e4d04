"""``qatron features index`` and ``qatron features status`` as real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

from qatron.config import load_project
from qatron.exit_codes import EXIT_CONFIG
from qatron.models import ShardResult, ShardStatus, TestResult
from qatron.options import RunOptions
from qatron.run import database_url, open_run
from qatron.store import ResultsStore
from tests.features.project import write_shop
from tests.projects import qatron, write_project

WIDE = {"COLUMNS": "200"}


def _project(root: Path) -> Path:
    write_shop(root / "shop")
    return write_project(root, """
        project: bdd
        environments: {local: {}}
        applications: {shop: {path: shop}}
        suites: {checkout: {application: shop, tags: [smoke, regression]}}
    """, {})


def test_index_prints_features_and_undefined_steps(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    done = qatron("features", "index", "-p", str(project), "--app", "shop", env=WIDE, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "features/checkout.feature:2" in done.stdout and "@checkout" in done.stdout
    assert "features/checkout.feature:32" in done.stdout
    assert "I redeem a voucher" in done.stdout


def test_index_as_json(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    done = qatron("features", "index", "-p", str(project), "--json", env={}, timeout=60)
    assert done.returncode == 0, done.stderr
    [app] = json.loads(done.stdout)
    assert app["application"] == "shop"
    [feature] = app["features"]
    assert [s["name"] for s in feature["scenarios"]][2:] == ["Pay by <method>",
                                                             "Pay with a voucher"]
    assert feature["scenarios"][2]["examples"] == 2
    assert [u["line"] for u in app["undefined"]] == [20, 32]


def test_a_malformed_feature_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    (project / "shop" / "features" / "bad.feature").write_text(
        "Feature: Bad\n  Scenario: a\n    Given b\n  Nonsense here\n", encoding="utf-8")
    done = qatron("features", "index", "-p", str(project), env={}, timeout=60)
    assert done.returncode == EXIT_CONFIG == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: features/bad.feature:4: malformed Gherkin:")
    assert "got 'Nonsense here'" in done.stderr


def test_an_unknown_application_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    done = qatron("features", "index", "-p", str(project), "--app", "nope", env={}, timeout=60)
    assert done.returncode == EXIT_CONFIG
    assert "--app nope: no such application" in done.stderr and "shop" in done.stderr


def test_status_of_a_stored_run(tmp_path: Path,
                                ran: tuple[Path, list[TestResult], list[str]]) -> None:
    project = _project(tmp_path / "p")
    _, results, _ = ran
    ctx = open_run(project, RunOptions("checkout", "local"))
    with ResultsStore(database_url(load_project(project))) as store:
        store.save_shard(ctx.run_id, ShardResult(1, 1, ShardStatus.FAILED, results=results))
    done = qatron("features", "status", str(ctx.run_id), "-p", str(project), "--json",
                  env={}, timeout=60)
    assert done.returncode == 0, done.stderr
    [feature] = json.loads(done.stdout)
    assert (feature["passed"], feature["failed"], feature["not_run"]) == (1, 2, 1)
    assert [s["status"] for s in feature["scenarios"]] == ["passed", "failed", "failed",
                                                           "not run"]
    table = qatron("features", "status", str(ctx.run_id), "-p", str(project), env=WIDE,
                   timeout=60)
    assert table.returncode == 0, table.stderr
    assert "Checkout: 1 passed, 2 failed, 1 not run" in table.stdout


def test_status_of_a_missing_run(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    done = qatron("features", "status", "99", "-p", str(project), env={}, timeout=60)
    assert done.returncode == EXIT_CONFIG
    assert "no run 99 in the results store" in done.stderr
