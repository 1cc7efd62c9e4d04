"""``qatron init``: a new project that loads and whose whole suite passes."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qatron.config import load_project
from qatron.data_fixtures import PROJECT_DIR_ENV
from qatron.errors import ConfigError
from qatron.features import index_features
from qatron.pytest_plugin import ENVIRONMENT_FILE_VAR
from qatron.scaffold import FILES, scaffold
from qatron.services import start_environment


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scaffold("acme-shop", tmp_path_factory.mktemp("scaffold") / "acme-shop")


def test_writes_every_file(project: Path) -> None:
    assert project.is_absolute()
    for relative in ["qatron.yml", *FILES]:
        assert (project / relative).is_file(), relative


def test_every_qatron_module_it_names_exists(project: Path) -> None:
    named = {found for path in project.rglob("*.py")
             for found in re.findall(r"\bqatron(?:\.\w+)+", path.read_text(encoding="utf-8"))}
    assert {"qatron.data_fixtures", "qatron.page_object"} <= named
    assert [name for name in sorted(named) if importlib.util.find_spec(name) is None] == []


def test_its_qatron_yml_loads(project: Path) -> None:
    loaded = load_project(project)
    assert loaded.name == "acme-shop"
    assert set(loaded.config.suites) == {"smoke", "regression", "unit", "contract",
                                         "integration", "e2e"}
    assert loaded.suite("smoke").marker_expression() == "smoke"
    assert loaded.suite("unit").paths == ["tests/unit"]
    assert loaded.application_dir(loaded.suite("unit")) == project
    local = loaded.environment("local")
    assert local.base_url == "{app.url}"
    assert local.api_url == "{app.url}/api"
    app = local.services["app"]
    assert app.port == "auto"
    assert app.command == "{python} -m app.server --port {port}"
    assert app.health_check is not None and app.health_check.url == "{url}/health"
    assert set(loaded.config.coverage.thresholds) == {"unit", "contract", "integration", "e2e"}


def test_its_unit_tests_pass_with_plain_pytest(project: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/unit"],
        cwd=project, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "4 passed" in completed.stdout


@pytest.mark.browser  # its e2e layer drives the app's page in Chromium
def test_every_test_passes_against_its_local_environment(project: Path, tmp_path: Path) -> None:
    # The app started as qatron.yml says, then all four layers, as a run gives them.
    env = start_environment(load_project(project), "local", tmp_path)
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfE"],
            cwd=project, capture_output=True, text=True, timeout=120,
            env={**os.environ, ENVIRONMENT_FILE_VAR: str(env.write(tmp_path / "env.json")),
                 PROJECT_DIR_ENV: str(project)},
        )
    finally:
        assert env.stop() == []
    assert completed.returncode == 0, completed.stdout + completed.stderr
    # the e2e layer's browser test and the feature's two examples among them
    assert "11 passed in" in completed.stdout
    assert {p.parent.name for p in project.glob("tests/*/test_*.py")} == {
        "unit", "contract", "integration", "e2e"}


def test_its_feature_has_a_definition_for_every_step(project: Path) -> None:
    index = index_features(project)
    assert [(f.path, [s.name for s in f.scenarios]) for f in index.features] == [
        ("tests/e2e/vat.feature", ["The page adds 20% VAT"])]
    assert index.undefined == []


def test_an_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    assert scaffold("x", target) == target.resolve()
    assert load_project(target).name == "x"


def test_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError) as info:
        scaffold("x", tmp_path)
    assert str(info.value) == f"{tmp_path}: folder exists and is not empty; choose another --path"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing written


@pytest.mark.parametrize("name", ["my project", "-dash", "", "a/b", ".hidden"])
def test_refuses_a_bad_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError, match="expected letters, digits, '.', '_' or '-'"):
        scaffold(name, tmp_path / "new")
    assert not (tmp_path / "new").exists()
