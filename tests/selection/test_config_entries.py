"""Only configuration that decides what the tests run makes a file "run by the tests"."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.selection import Selection, select_tests
from qatron.selection.pytest_config import parts_run_by_tests
from tests.selection import Repo

PYPROJECT = '''\
[project]
name = "shop"

[project.scripts]
shop = "shop.cli:main"

[project.entry-points."babel.extractors"]
shop = "shop.extract:extract"

[project.entry-points.pytest11]
shop = "shop.plugin"

[tool.ruff.lint.per-file-ignores]
"src/shop/lint_me.py" = ["E501"]

[tool.mypy]
files = ["src/shop/typed.py"]
plugins = "shop.mypy_plugin"

[tool.coverage.run]
omit = ["src/shop/omitted.py"]

[tool.pytest.ini_options]
pythonpath = ["src"]
addopts = "-p shop.fixtures"
'''
MODULES = ["cli", "extract", "plugin", "lint_me", "typed", "mypy_plugin", "omitted", "fixtures"]
FILES = {
    "pyproject.toml": PYPROJECT,
    "src/shop/__init__.py": "",
    **{f"src/shop/{name}.py": "def run():\n    return 1\n" for name in MODULES},
    **{f"tests/test_{name}.py": f"from shop.{name} import run\n\n\ndef test_run():\n"
                                f"    assert run() == 1\n" for name in MODULES},
}
TESTS = [f"tests/test_{name}.py::test_run" for name in MODULES]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return Repo(tmp_path_factory.mktemp("config") / "repo", FILES)


def change(repo: Repo, name: str) -> Selection:
    path = f"src/shop/{name}.py"
    repo.write({path: "def run():\n    return 2\n"})
    try:
        return select_tests(repo.root, "HEAD", tests=TESTS)
    finally:
        repo.write({path: FILES[path]})


@pytest.mark.parametrize("name", ["extract", "lint_me", "typed", "mypy_plugin", "omitted",
                                  "cli"])
def test_files_named_by_other_tools_select_only_their_importers(repo: Repo, name: str) -> None:
    """A console script (``cli``) too, while no test starts a process: it then runs only
    where a test calls it."""
    selection = change(repo, name)
    assert selection.nodeids() == [f"tests/test_{name}.py::test_run"]
    assert not any("ran everything" in note for note in selection.fallbacks)


@pytest.mark.parametrize("name", ["plugin", "fixtures"])
def test_plugins_and_pytest_options_run_everything(repo: Repo, name: str) -> None:
    selection = change(repo, name)
    assert sorted(selection.nodeids()) == sorted(TESTS)
    assert f"src/shop/{name}.py: run by pyproject.toml (a service, script or plugin); " \
           f"ran everything" in selection.fallbacks


@pytest.mark.parametrize("helper", ["tests/test_shell.py", "tests/helpers.py"])
def test_a_console_script_runs_everything_once_a_test_may_start_it_as_a_process(
        tmp_path: Path, helper: str) -> None:
    repo = Repo(tmp_path / "repo", {**FILES, helper: "import subprocess\n\n\ndef test_shell"
                                                     "():\n    subprocess.run(['true'])\n"})
    selection = change(repo, "cli")
    assert sorted(selection.nodeids()) == sorted(TESTS)
    assert "src/shop/cli.py: run by pyproject.toml (a service, script or plugin); " \
           "ran everything" in selection.fallbacks


def test_setup_cfg_and_setup_py_count_scripts_and_plugins_only() -> None:
    cfg = (b"[options.entry_points]\nconsole_scripts =\n    shop = shop.cli:main\n"
           b"babel.extractors =\n    shop = shop.extract:extract\n"
           b"[flake8]\nper-file-ignores = src/shop/lint_me.py:E501\n"
           b"[tool:pytest]\naddopts = -p shop.fixtures\n")
    assert parts_run_by_tests("setup.cfg", cfg) == b' "-p shop.fixtures"\n' \
                                                   b' "shop = shop.cli:main"'
    setup = (b"from setuptools import setup\nsetup(entry_points={'console_scripts': "
             b"['shop = shop.cli:main'], 'babel.extractors': ['x = shop.extract:x']})\n")
    assert parts_run_by_tests("setup.py", setup) == b' "shop = shop.cli:main"'
    assert parts_run_by_tests("setup.cfg", cfg, scripts=False) == b' "-p shop.fixtures"'
    assert parts_run_by_tests("setup.py", setup, scripts=False) == b""
    assert b"shop.cli" not in parts_run_by_tests("pyproject.toml", PYPROJECT.encode(),
                                                 scripts=False)


def test_configuration_that_does_not_parse_counts_whole() -> None:
    assert parts_run_by_tests("pyproject.toml", b"[tool.ruff\nx = 'a.py'") == \
        b"[tool.ruff\nx = 'a.py'"
    computed = b"from setuptools import setup\nsetup(entry_points=ENTRY_POINTS)\n"
    assert parts_run_by_tests("setup.py", computed) == computed
