"""Environments kept as Prefect blocks, on a real Prefect server."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from blocks.environment import QatronEnvironment, resolve_environment
from qatron.config import load_project
from qatron.errors import ConfigError
from qatron.exit_codes import EXIT_USAGE
from qatron.services import start_environment
from tests.projects import qatron, write_project

pytestmark = pytest.mark.usefixtures("prefect_api_url")


def test_a_block_environment_is_provisioned_like_one_in_qatron_yml(tmp_path: Path) -> None:
    QatronEnvironment(
        base_url="{web.url}", variables={"tier": "staging"},
        services={"db": {"type": "sqlite", "schema": ["schema.sql"]},
                  "web": {"command": "{python} -m http.server {port} --bind 127.0.0.1",
                          "health_check": "{url}/"}},
    ).save("staging-block", overwrite=True)
    root = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n",
                         {"schema.sql": "create table t (id int);\n"})

    resolve_environment("block:staging-block")
    env = start_environment(load_project(root), "block:staging-block", tmp_path / "run")
    try:
        data = env.fixture_data()
        assert data["tier"] == "staging" and data["base_url"].startswith("http://127.0.0.1:")
        tables = sqlite3.connect(data["services"]["db"]["path"]).execute(
            "select name from sqlite_master").fetchall()
        assert tables == [("t",)]
    finally:
        env.stop()


def test_a_bad_block_is_reported_with_its_key() -> None:
    QatronEnvironment(services={"db": {"type": "mysql"}}).save("bad-block", overwrite=True)
    with pytest.raises(ConfigError) as caught:
        resolve_environment("block:bad-block")
    assert str(caught.value) == (
        "block qatron-environment/bad-block: services.db.type: expected one of 'process', "
        "'postgres', 'sqlite', 'docker', 's3', 'selenium-grid'; got 'mysql'")


def test_a_missing_block_says_how_to_make_one() -> None:
    with pytest.raises(ConfigError, match=r"no environment block 'nowhere' "
                                          r"\(qatron-environment/nowhere\) on the Prefect server"
                                          r".*Save one with QatronEnvironment\(\.\.\.\)"
                                          r"\.save\('nowhere'\)"):
        resolve_environment("block:nowhere")


def test_a_block_saved_again_is_read_again_by_the_next_run(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n", {})
    for tier in ("first", "second"):
        QatronEnvironment(variables={"tier": tier}).save("changing-block", overwrite=True)
        resolve_environment("block:changing-block")
        assert load_project(root).environment("block:changing-block").variables == {"tier": tier}


def test_qatron_run_tests_against_a_block_environment(prefect_api_url: str,
                                                      tmp_path: Path) -> None:
    QatronEnvironment(variables={"tier": "staging"}).save("cli-block", overwrite=True)
    root = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n", {
        "tests/test_tier.py": "def test_tier(environment):\n"
                              "    assert environment['tier'] == 'staging'\n"})
    done = qatron("run", "--project", str(root), "--suite", "all", "--env", "block:cli-block",
                  "--json", env={"PREFECT_API_URL": prefect_api_url})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["status"], result["counts"]["passed"]) == ("completed", 1)


def test_qatron_run_on_a_missing_block_is_one_usage_message(prefect_api_url: str,
                                                            tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n", {})
    done = qatron("run", "--project", str(root), "--suite", "all", "--env", "block:nowhere",
                  env={"PREFECT_API_URL": prefect_api_url})
    assert done.returncode == EXIT_USAGE
    assert "no environment block 'nowhere' (qatron-environment/nowhere) on the Prefect " \
           "server" in done.stderr
    assert "Traceback" not in done.stderr
