"""Tests run with the application's own interpreter: a real virtualenv (uv), made once."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

import qatron
from qatron.errors import ConfigError
from qatron.interpreter import PLUGIN_PATH, Interpreter
from qatron.pytest_runner import ShardSpec, TestCommand, collect_tests, execute_shard
from qatron.selection.recording import data_files, read_coverage
from tests.projects import uv, write_project

UV = uv()
#: Another Python than QAtron's, when pyenv has one.
OTHER_PYTHON = next((str(p) for p in sorted(Path("~/.pyenv/versions").expanduser().glob(
    "3.1[02]*/bin/python")) if p.exists()), None)

TESTS = '''\
import importlib.util
import sys
from pathlib import Path

import calc


def test_adds():
    assert calc.add(2, 3) == 5


def test_interpreter():
    assert sys.prefix == "{prefix}"
    assert importlib.util.find_spec("qatron") is None    # nothing of QAtron but the plugin
    assert importlib.util.find_spec("pydantic") is None


def test_environment_fixture(environment):
    assert environment["name"] == "local"


def test_passes_on_its_rerun():
    marker = Path(__file__).with_name("attempted")
    if not marker.exists():
        marker.touch()
        assert False, "first attempt"
    assert sys.prefix == "{prefix}"
'''


def _venv(path: Path, *packages: str) -> Path:
    python = ["--python", OTHER_PYTHON] if OTHER_PYTHON else []
    subprocess.run([*UV, "venv", "-q", *python, str(path)], check=True)
    if packages:
        subprocess.run([*UV, "pip", "install", "-q", "--python", str(path / "bin" / "python"),
                        *packages], check=True)
    return path


@pytest.fixture(scope="session")
def venvs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Virtualenvs without QAtron: full (pytest, coverage), pytest only, bare."""
    root = tmp_path_factory.mktemp("venvs")
    return {"full": _venv(root / "full", "pytest", "coverage"),
            "pytest": _venv(root / "pytest", "pytest"), "bare": _venv(root / "bare")}


def _project(root: Path, python: str | None, *, layer: str | None = None) -> qatron.Project:
    prefix = python or ""
    write_project(root, "project: calc\n", {
        "app/calc.py": "def add(a, b):\n    return a + b\n",
        "app/tests/test_calc.py": TESTS.replace("{prefix}", prefix),
    })
    app = {"path": "app", "tests": ["tests"], **({"python": python} if python else {})}
    return qatron.project(root, "calc", applications={"calc": app},
                          suites={"unit": {"layer": layer}},
                          coverage={"thresholds": {"unit": 50.0}} if layer else {})


def _environment(run_dir: Path) -> dict[str, str]:
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "environment.json").write_text('{"name": "local"}', encoding="utf-8")
    return {"QATRON_ENVIRONMENT_FILE": str(run_dir / "environment.json")}


def test_collection_shards_and_coverage_run_under_the_applications_virtualenv(
        tmp_path: Path, venvs: dict[str, Path]) -> None:
    project = _project(tmp_path, str(venvs["full"]), layer="unit")
    run_dir = tmp_path / "run"
    command = TestCommand.for_suite(project, project.suite("unit"), _environment(run_dir))
    assert command.python is not None
    assert command.python.path == venvs["full"] / "bin" / "python"
    assert f"tests run with {venvs['full']}/bin/python (Python 3." in command.python.describe()

    collection = collect_tests(command, run_dir)
    assert collection.nodeids == ["tests/test_calc.py::test_adds",
                                  "tests/test_calc.py::test_interpreter",
                                  "tests/test_calc.py::test_environment_fixture",
                                  "tests/test_calc.py::test_passes_on_its_rerun"]
    assert collection.warnings() == []
    command.coverage_dir = run_dir / "coverage"
    shard = execute_shard(ShardSpec(1, 1, collection.nodeids, run_dir, command,
                                    collection.rootdir, time.monotonic() + 120, retries=1))
    assert {r.nodeid: r.outcome.value for r in shard.results} == dict.fromkeys(
        collection.nodeids, "passed"), shard.message
    assert [r.nodeid for r in shard.results if r.flaky] == [collection.nodeids[-1]]
    assert len(data_files(command.coverage_dir)) == 2  # the shard and its rerun
    cmap = read_coverage(data_files(command.coverage_dir), command.app_dir)
    assert "tests/test_calc.py::test_adds" in cmap.files["calc.py"].lines[2]


@pytest.mark.slow  # makes virtualenvs
def test_the_applications_dot_venv_is_the_default(tmp_path: Path,
                                                   venvs: dict[str, Path]) -> None:
    project = _project(tmp_path, None)
    assert Interpreter.of(project, "calc", project.config.applications["calc"]).source == \
        "QAtron's own"
    (tmp_path / "app" / ".venv").symlink_to(venvs["full"])
    python = Interpreter.of(project, "calc", project.config.applications["calc"])
    assert (python.path, python.source) == (tmp_path / "app/.venv/bin/python", "app/.venv")


def test_a_bare_name_is_looked_up_on_path(tmp_path: Path) -> None:
    project = _project(tmp_path, "python3")
    python = Interpreter.of(project, "calc", project.config.applications["calc"])
    assert python.path == Path(str(shutil.which("python3")))


def test_a_missing_interpreter_is_a_config_error(tmp_path: Path) -> None:
    project = _project(tmp_path, "venvs/nope")
    with pytest.raises(ConfigError) as error:
        TestCommand.for_suite(project, project.suite("unit"), {})
    assert str(error.value).startswith(
        f"{project.path}: applications.calc.python: {tmp_path}/venvs/nope does not exist")
    assert error.value.exit_code == 2


@pytest.mark.slow  # makes virtualenvs
def test_missing_pytest_or_coverage_is_a_config_error(tmp_path: Path,
                                                      venvs: dict[str, Path]) -> None:
    bare = _project(tmp_path / "bare", str(venvs["bare"]))
    with pytest.raises(ConfigError, match=r"applications\.calc\.python: .*/bare/bin/python "
                                          r"has no pytest: install it there"):
        TestCommand.for_suite(bare, bare.suite("unit"), {})
    measured = _project(tmp_path / "cov", str(venvs["pytest"]), layer="unit")
    with pytest.raises(ConfigError, match=r"/pytest/bin/python has no coverage \(the suite "
                                          r"records coverage, has a coverage threshold"):
        TestCommand.for_suite(measured, measured.suite("unit"), {})
    unmeasured = _project(tmp_path / "plain", str(venvs["pytest"]))
    command = TestCommand.for_suite(unmeasured, unmeasured.suite("unit"), {})
    command.coverage_dir = tmp_path / "coverage"  # change-based selection asked later
    with pytest.raises(ConfigError, match="has no coverage"):
        command.argv(coverage_name="shard-1")


def test_an_installed_copy_imported_in_place_of_the_checkout_is_reported(
        tmp_path: Path) -> None:
    """src/jinja2 is not on sys.path, so the tests get QAtron's installed jinja2."""
    write_project(tmp_path, "project: web\n", {
        "src/jinja2/__init__.py": "LOCAL = True\n",
        "tests/test_templates.py": "import jinja2\n\ndef test_renders():\n    assert jinja2\n",
    })
    project = qatron.project(tmp_path, "web", applications={"web": {"tests": ["tests"]}},
                             suites={"unit": {}})
    command = TestCommand.for_suite(project, project.suite("unit"), {})
    collection = collect_tests(command, tmp_path / "run")
    assert list(collection.imported_elsewhere) == ["jinja2"]
    assert "site-packages" in collection.imported_elsewhere["jinja2"]
    assert collection.warnings()[0].startswith(
        f"the tests imported jinja2 from {collection.imported_elsewhere['jinja2']}, not from "
        f"the application folder")


def test_the_plugins_folder_holds_only_the_plugin_package() -> None:
    assert sorted(p.name for p in PLUGIN_PATH.iterdir() if p.name != "__pycache__") == \
        ["qatron_plugin"]


@pytest.mark.parametrize("module", ["pytest_plugin", "redaction", "unstable_ids", "queue",
                                    "browser", "plugin_path/qatron_plugin/__init__"])
def test_what_the_test_process_loads_parses_as_python_3_9(module: str) -> None:
    source = (PLUGIN_PATH.parent / f"{module}.py").read_text(encoding="utf-8")
    ast.parse(source, feature_version=(3, 9))
    assert "from __future__ import annotations" in source


def test_environment_keeps_the_callers_pythonpath(tmp_path: Path) -> None:
    command = TestCommand(app_dir=tmp_path, paths=[], env={"PYTHONPATH": "/somewhere"})
    assert command.environ()["PYTHONPATH"] == f"{PLUGIN_PATH}:/somewhere"
    assert os.pathsep == ":"
