"""Environments kept as Prefect blocks, on a real Prefect server."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from blocks.environment import QatronEnvironment
from qatron.config import load_project
from qatron.errors import ConfigError
from qatron.services import start_environment
from tests.projects import write_project

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

    env = start_environment(load_project(root), "block:staging-block", tmp_path / "run")
    try:
        data = env.fixture_data()
        assert data["tier"] == "staging" and data["base_url"].startswith("http://127.0.0.1:")
        tables = sqlite3.connect(data["services"]["db"]["path"]).execute(
            "select name from sqlite_master").fetchall()
        assert tables == [("t",)]
    finally:
        env.stop()


def test_a_bad_block_is_reported_with_its_key(tmp_path: Path) -> None:
    QatronEnvironment(services={"db": {"type": "mysql"}}).save("bad-block", overwrite=True)
    root = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n", {})
    with pytest.raises(ConfigError) as caught:
        load_project(root).environment("block:bad-block")
    assert str(caught.value) == (
        "block qatron-environment/bad-block: services.db.type: expected one of 'process', "
        "'postgres', 'sqlite', 'docker', 's3'; got 'mysql'")


def test_a_missing_block_says_how_to_make_one(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n", {})
    with pytest.raises(ConfigError, match=r"no environment block 'nowhere' "
                                          r"\(qatron-environment/nowhere\) on the Prefect server"):
        load_project(root).environment("block:nowhere")
