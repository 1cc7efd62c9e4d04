"""The real ``qatron`` entry point imports only what a command uses: ``qatron --help``,
``qatron failures analyze FILE.xml`` and ``qatron select`` in a repository without a
results store start without the results store, Prefect, plotly, pandas or Great
Expectations. A child process runs the entry point as the ``qatron``
script does and writes its ``sys.modules`` when it exits (``-X importtime`` misses what
``importlib.import_module`` loads)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qatron.cli.commands import COMMANDS, load_command
from tests.qatron.test_junit import FILES
from tests.selection import Repo

HEAVY = {"sqlalchemy", "prefect", "plotly", "pandas", "great_expectations"}
JUNIT = FILES / "surefire.xml"
#: The ``qatron`` script's own body, with sys.modules written to $MODULES at exit.
ENTRY = """
import atexit, os, sys
atexit.register(lambda: open(os.environ["MODULES"], "w").write("\\n".join(sys.modules)))
sys.argv[0] = "qatron"
from qatron.cli import main
sys.exit(main())
"""


def imported(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run the entry point with ``args``; what it did and every module it imported."""
    listing = cwd / "modules.txt"
    done = subprocess.run([sys.executable, "-c", ENTRY, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "MODULES": str(listing)})
    return done, set(listing.read_text().splitlines())


def roots(modules: set[str]) -> set[str]:
    return {module.split(".")[0] for module in modules}


@pytest.mark.parametrize("args", [["--help"], ["failures", "analyze", str(JUNIT), "--json"],
                                  ["failures", "analyze", str(JUNIT)]],
                         ids=["help", "analyze-json", "analyze-table"])
def test_no_heavy_library_is_imported(args: list[str], tmp_path: Path) -> None:
    done, modules = imported(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "qatron.cli" in modules  # the entry point really ran and was measured
    assert roots(modules) & HEAVY == set()
    assert not {m for m in modules if m.startswith("qatron.store")}


def test_help_lists_every_command_without_importing_one(tmp_path: Path) -> None:
    done, modules = imported("--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    listed = [line.split()[0] for line in done.stdout.split("Commands:", 1)[1].splitlines()
              if line.startswith("  ") and not line.startswith("   ")]
    assert listed == list(COMMANDS)
    assert {lazy.module for lazy in COMMANDS.values()} & modules == set()


def test_analyze_imports_only_the_failures_command(tmp_path: Path) -> None:
    done, modules = imported("failures", "analyze", str(JUNIT), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    commands = {lazy.module for lazy in COMMANDS.values()}
    assert commands & modules == {"qatron.cli.failures"}
    assert "qatron.config" not in modules and "yaml" not in roots(modules)  # no --config


def test_select_imports_neither_the_store_nor_another_command(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "plain", {
        "calc.py": "def add(a, b):\n    return a + b\n",
        "tests/test_calc.py": "from calc import add\n\ndef test_add():\n    assert add(1, 1)\n"})
    repo.write({"calc.py": "def add(a, b):\n    return b + a\n"})
    for _ in range(2):  # collecting the tests, then reading them from the cache
        done, modules = imported("select", "--base", "HEAD", "--format", "json", cwd=repo.root)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "tests/test_calc.py::test_add" in done.stdout
        assert roots(modules) & HEAVY == set()
        assert not {m for m in modules if m.startswith("qatron.store")}
        assert {lazy.module for lazy in COMMANDS.values()} & modules == {"qatron.cli.select"}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_listed_help_is_the_command_own(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    own = " ".join((command.help or "").split("\n\n")[0].split())
    assert own.startswith(COMMANDS[name].help.rstrip("."))
