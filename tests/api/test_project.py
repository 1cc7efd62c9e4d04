"""Projects built in Python: the model and messages of qatron.yml, and the file a run reads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import qatron
from qatron.config import CONFIG_NAME, Project
from qatron.config_code import WRITTEN_MARK, write_config
from tests.projects import SHOP, copy_shop_journey_tests

SECTIONS: dict[str, Any] = {
    "applications": {"web": {"path": "web", "tests": ["tests"], "selection": {
        "rules": [{"source_pattern": r"web/pages/(\w+)\.py", "test_pattern": "tests/test_{1}.py"}],
        "always_run": ["tests/test_smoke.py"]}}},
    "environments": {"local": {
        "base_url": "{web.url}",
        "variables": {"currency": "EUR", "retries": 2},
        "services": {
            "web": {"command": "{python} -m http.server {port}", "health_check": "{url}/"},
            "db": {"type": "sqlite", "schema": ["db/schema.sql"]},
        },
        "data": {"schema": "data/schema.yml", "rows": {"customers": 10}, "seed": 7,
                 "load_into": "db"},
    }},
    "suites": {"smoke": {"tags": ["smoke"], "shards": 2, "retries": 1},
               "all": {"paths": ["tests"], "timeout": 600}},
    "quarantine": [{"test": "tests/test_pay.py::test_refund", "owner": "payments",
                    "reason": "sandbox", "until": "2099-12-31"}],
    "failure_analysis": {
        "categories": [{"name": "payment_declined", "patterns": ["card declined"]}],
        "routing": {"payment_declined": "payments-team", "network": "platform-team"},
        "default_team": "qa"},
}


def from_yaml(root: Path, data: dict[str, Any]) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / CONFIG_NAME).write_text(yaml.safe_dump({"project": "demo", **data}),
                                    encoding="utf-8")
    return qatron.load_project(root)


def test_a_project_built_in_python_is_the_one_qatron_yml_gives(tmp_path: Path) -> None:
    built = qatron.project(tmp_path / "code", "demo", **SECTIONS)
    loaded = from_yaml(tmp_path / "yaml", SECTIONS)

    assert built.config == loaded.config
    assert built.root == (tmp_path / "code").resolve()
    assert built.path == built.root / CONFIG_NAME
    assert not built.path.exists()  # written when it runs
    assert built.suite("smoke").marker_expression() == "smoke"
    assert built.environment("local").services["db"].type == "sqlite"


def test_sections_may_be_the_models_themselves(tmp_path: Path) -> None:
    built = qatron.project(
        tmp_path, "demo",
        applications={"web": qatron.Application(path="web", tests=["tests"])},
        environments={"local": qatron.Environment(base_url="http://127.0.0.1:8000")},
        suites={"smoke": qatron.Suite(tags=["smoke"], shards=2)},
        failure_analysis=qatron.FailureAnalysis(routing={"network": "platform-team"}))
    loaded = from_yaml(tmp_path / "yaml", {
        "applications": {"web": {"path": "web", "tests": ["tests"]}},
        "environments": {"local": {"base_url": "http://127.0.0.1:8000"}},
        "suites": {"smoke": {"tags": ["smoke"], "shards": 2}},
        "failure_analysis": {"routing": {"network": "platform-team"}}})
    assert built.config == loaded.config


@pytest.mark.parametrize(("sections", "key"), [
    ({"suites": {"smoke": {"shards": 0}}}, "suites.smoke.shards"),
    ({"suites": {"smoke": {"shard": 2}}}, "suites.smoke.shard"),
    ({"suites": {"smoke": {"application": "api"}}}, "suites.smoke.application"),
    ({"suites": {"s": {}}, "environments": {"local": {"services": {"db": {"type": "mysql"}}}}},
     "environments.local.services.db.type"),
    ({"suites": {"s": {}}, "environments": {"local": {"base_url": "{web.url}"}}},
     "environments.local.base_url"),
    ({"suites": {"s": {}}, "failure_analysis": {"categories": [{"name": "x", "patterns": ["("]}]}},
     "failure_analysis.categories.0.patterns"),
    ({"suites": {"s": {}}, "applications": {"web": {"selection": {"rules": [
        {"source_pattern": "web/.*", "test_pattern": "tests/test_{1}.py"}]}}}},
     "applications.web.selection.rules.0.test_pattern"),
])
def test_a_wrong_value_gives_the_message_qatron_yml_gives(
        tmp_path: Path, sections: dict[str, Any], key: str) -> None:
    with pytest.raises(qatron.ConfigError) as in_yaml:
        from_yaml(tmp_path / "yaml", sections)
    with pytest.raises(qatron.ConfigError) as in_python:
        qatron.project(tmp_path / "code", "demo", **sections)

    yaml_file = tmp_path / "yaml" / CONFIG_NAME
    assert re.match(rf"{re.escape(str(yaml_file.resolve()))}:\d+: ", str(in_yaml.value))
    said_in_yaml = re.sub(r"^.*?qatron\.yml:\d+: ", "", str(in_yaml.value))
    where = f"{(tmp_path / 'code').resolve()} (built in Python): "
    assert str(in_python.value).startswith(where)
    assert str(in_python.value).removeprefix(where) == said_in_yaml
    assert said_in_yaml.startswith(f"{key}: ")


def test_the_first_run_writes_qatron_yml_marked_and_later_runs_keep_it(tmp_path: Path) -> None:
    built = qatron.project(tmp_path, "demo", **SECTIONS)
    path = write_config(built)

    assert path == tmp_path.resolve() / CONFIG_NAME
    assert path.read_text(encoding="utf-8").splitlines()[0] == WRITTEN_MARK
    assert qatron.load_project(tmp_path).config == built.config
    written = path.stat().st_mtime_ns
    write_config(qatron.project(tmp_path, "demo", **SECTIONS))
    assert path.stat().st_mtime_ns == written  # the same configuration: not rewritten


def test_a_changed_project_rewrites_the_file_qatron_wrote(tmp_path: Path) -> None:
    write_config(qatron.project(tmp_path, "demo", suites={"smoke": {"shards": 1}}))
    changed = qatron.project(tmp_path, "demo", suites={"smoke": {"shards": 3}})
    write_config(changed)
    assert qatron.load_project(tmp_path).suite("smoke").shards == 3


def test_a_hand_written_qatron_yml_is_never_overwritten(tmp_path: Path) -> None:
    mine = "project: demo\nsuites: {smoke: {shards: 1}}\n"
    (tmp_path / CONFIG_NAME).write_text(mine, encoding="utf-8")
    loaded = qatron.load_project(tmp_path)
    write_config(loaded)  # the project it holds: nothing to write
    assert (tmp_path / CONFIG_NAME).read_text(encoding="utf-8") == mine

    other = qatron.project(tmp_path, "demo", suites={"smoke": {"shards": 3}})
    with pytest.raises(qatron.ConfigError, match="holds another configuration than the project"):
        write_config(other)
    assert (tmp_path / CONFIG_NAME).read_text(encoding="utf-8") == mine


def test_the_shop_written_from_its_model_reads_back_the_same(tmp_path: Path) -> None:
    shop = qatron.load_project(SHOP)
    copy = Project(shop.config, copy_shop_journey_tests(tmp_path) / CONFIG_NAME)
    write_config(copy)
    assert qatron.load_project(tmp_path).config == shop.config
