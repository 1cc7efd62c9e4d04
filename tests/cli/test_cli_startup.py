"""The real ``qatron`` entry point imports only what a command uses: ``qatron --help``,
``qatron failures analyze FILE.xml`` and ``qatron select`` in a repository without a
results store start without the results store, Prefect, plotly, pandas or Great
Expectations; ``qatron runs list``, and ``qatron select`` in a project with a SQLite store,
read the store without SQLAlchemy. A child process runs the entry point as the ``qatron``
script does and writes its ``sys.modules`` when it exits (``-X importtime`` misses what
``importlib.import_module`` loads)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from qatron.cli.commands import COMMANDS, load_command
from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.selection.coverage_map import CoverageMap, FileCoverage, content_hash
from qatron.store import ResultsStore
from tests.projects import write_project
from tests.qatron.test_junit import FILES
from tests.selection import Repo
from tests.selection.test_cli_select import FILES as SHOP

HEAVY = {"sqlalchemy", "prefect", "plotly", "pandas", "great_expectations"}
#: What reading the store must not import: the run machinery, Prefect and the data libraries.
NOT_FOR_READING = {"prefect", "plotly", "pandas", "great_expectations", "qatron.run",
                   "qatron.pytest_runner", "qatron.selection", "qatron.failures"}
#: Of those, what qatron.yml's models share with selection: the defaults of ``selection:``
#: (the package ``qatron.selection`` loads its engine only when a name of it is used).
SELECTION_SETTINGS = {"qatron.selection", "qatron.selection.settings"}
JUNIT = FILES / "surefire.xml"
ORDER = "tests/test_orders.py::test_order"
PRICE = "tests/unit/test_prices.py::test_price"
#: The ``qatron`` script's own body, with sys.modules written to $MODULES at exit.
ENTRY = """
import atexit, os, sys
atexit.register(lambda: open(os.environ["MODULES"], "w").write("\\n".join(sys.modules)))
sys.argv[0] = "qatron"
from qatron.cli import main
sys.exit(main())
"""


def imported(*args: str, cwd: Path, env: dict[str, str] | None = None
             ) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run the entry point with ``args`` (and ``env`` added to the environment); what it did
    and every module it imported."""
    listing = cwd / "modules.txt"
    done = subprocess.run([sys.executable, "-c", ENTRY, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, **(env or {}), "MODULES": str(listing)})
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
        assert "rich" not in roots(modules)  # JSON: no table, no terminal console
        assert configuration(modules) == set()  # no qatron.yml: no configuration models
        assert "pydantic" not in roots(modules)
        assert "doctest" not in modules  # no docstring changed
    done, modules = imported("select", "--base", "HEAD", cwd=repo.root)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 selected" in done.stdout and "rich.table" in modules


def configuration(modules: set[str]) -> set[str]:
    """The modules among ``modules`` that model or read qatron.yml (not the one finding it)."""
    return {m for m in modules if m.startswith("qatron.config") and m != "qatron.config_path"
            or m.split(".")[0] == "yaml"}


def reading(modules: set[str]) -> set[str]:
    """The modules (or packages) of NOT_FOR_READING among ``modules``."""
    return {m for m in modules - SELECTION_SETTINGS
            if any(m == name or m.startswith(f"{name}.") for name in NOT_FOR_READING)}


def test_runs_list_reads_a_new_store_without_the_run_machinery(tmp_path: Path) -> None:
    env = {"QATRON_DATABASE_URL": f"sqlite:///{tmp_path / 'results.db'}"}
    created, creating = imported("runs", "list", "--json", cwd=tmp_path, env=env)
    assert created.returncode == 0, created.stderr[-2000:]
    assert created.stdout.strip() == "[]"
    assert "qatron.store.store" in creating  # the store was created with its schema
    for args in (["--json"], []):  # a store at the newest schema, as JSON and as a table
        done, modules = imported("runs", "list", *args, cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "qatron.store.sqlite_runs" in modules  # the store was really read
        assert roots(modules) & {"sqlalchemy", "alembic"} == set()
        assert reading(modules) == set()
        assert "qatron.config" not in modules  # no project: only its absence is checked
        assert {lazy.module for lazy in COMMANDS.values()} & modules == {"qatron.cli.runs"}
    assert done.stdout.strip().startswith("QAtron runs")


def test_runs_list_of_a_project_reads_its_store_without_the_run_machinery(
        tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", "project: startup\nsuites: {smoke: {}}\n", {})
    env = {"QATRON_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}"}
    args = ("runs", "list", "--project", str(root), "--json")
    done, modules = imported(*args, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == []
    assert {"qatron.config", "qatron.owners", "qatron.store.store"} <= modules
    assert reading(modules) == set()
    with ResultsStore(env["QATRON_DATABASE_URL"]) as store:
        store.create_run("startup", "smoke", "local")
    done, modules = imported(*args, cwd=tmp_path, env=env)
    assert [run["status"] for run in json.loads(done.stdout)] == ["queued"]
    assert {"qatron.config", "qatron.owners", "qatron.store.sqlite_runs"} <= modules
    assert roots(modules) & {"sqlalchemy", "alembic"} == set()
    assert reading(modules) == set()


def test_runs_list_marks_a_run_whose_process_died_crashed(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", "project: startup\nsuites: {smoke: {}}\n", {})
    url = f"sqlite:///{tmp_path / 'r.db'}"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    with ResultsStore(url) as store:
        run_id = store.create_run("startup", "smoke", "local")
        store.set_owner(run_id, {"host": socket.gethostname(), "pid": int(gone.stdout),
                                 "since": "1"})
        store.set_status(run_id, RunStatus.RUNNING)
    for _ in range(2):  # marking it, then reading it marked
        done, _modules = imported("runs", "list", "--project", str(root), "--json",
                                  cwd=tmp_path, env={"QATRON_DATABASE_URL": url})
        assert done.returncode == 0, done.stderr[-2000:]
        assert [run["status"] for run in json.loads(done.stdout)] == ["crashed"]
    with ResultsStore(url) as store:
        marked = store.get_run(run_id)
    assert marked is not None and f"`qatron resume {run_id}`" in (marked.message or "")


def test_a_group_help_imports_no_heavy_library(tmp_path: Path) -> None:
    done, modules = imported("runs", "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "list" in done.stdout
    assert roots(modules) & HEAVY == set()
    assert "qatron.config" not in modules


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_listed_help_is_the_command_own(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    own = " ".join((command.help or "").split("\n\n")[0].split())
    assert own.startswith(COMMANDS[name].help.rstrip("."))


def test_select_reads_a_project_s_store_without_sqlalchemy(tmp_path: Path) -> None:
    shop = Repo(tmp_path / "shop", {**SHOP, ".gitignore": ".qatron/\n"})
    url = f"sqlite:///{shop.root / '.qatron' / 'results.db'}"
    with ResultsStore(url) as store:  # a store at the newest schema, with a map and history
        run_id = store.create_run("shop", "api-all", "local")
        store.save_shard(run_id, ShardResult(index=0, count=1, status=ShardStatus.FAILED,
                                             results=[TestResult(ORDER, Outcome.FAILED)]))
        store.set_status(run_id, RunStatus.FAILED)
        data = (shop.root / "api/shop/prices.py").read_bytes()
        store.save_coverage_map("shop", "api", CoverageMap(
            {"shop/prices.py": FileCoverage(content_hash(data), {2: frozenset({PRICE})})},
            {PRICE}), run_id)
    shop.write({"api/shop/prices.py": "def price(n):\n    return n * 3\n"})
    done, modules = imported("select", "--base", "HEAD", "-s", "api-all", "--format", "json",
                             cwd=shop.root, env={"QATRON_DATABASE_URL": url})
    assert done.returncode == 0, done.stderr[-2000:]
    selected = {t["nodeid"]: t["reasons"] for t in json.loads(done.stdout)["selected"]}
    assert selected[ORDER] == ["failed in the last run"]  # the store was really read
    assert selected[PRICE] == ["ran lines 2–2 of api/shop/prices.py (price) in run 1"]
    assert roots(modules) & {"sqlalchemy", "alembic"} == set()
