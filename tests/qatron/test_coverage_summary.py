"""Line and branch coverage of a run: real pytest processes under coverage.py, combined and
totalled."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qatron.config import load_project
from qatron.coverage_summary import (
    CoverageSummary,
    format_percent,
    gate,
    is_source,
    measures_coverage,
    summarise,
    summarise_suite,
)
from qatron.models import RunStatus
from qatron.selection.recording import coverage_prefix, data_files
from tests.projects import write_project

CALC = """
    def add(a, b):
        return a + b


    def div(a, b):
        if b == 0:
            raise ZeroDivisionError("b")
        return a / b


    def unused(x):
        y = x * 2
        return y
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project: a package, a never-imported module, two test files, a virtualenv."""
    return write_project(tmp_path_factory.mktemp("calc"), """
        project: calc
        suites:
          unit: {layer: unit, paths: [tests]}
          nightly: {record_coverage: true}
          e2e: {layer: e2e}
        coverage: {thresholds: {unit: 80.0}, fail_below_threshold: true}
    """, {
        "calc/__init__.py": "",
        "calc/ops.py": CALC,
        "calc/report.py": "def render(rows):\n    return '\\n'.join(rows)\n",
        "scripts/setup_db.py": "print('never run')\n",
        "tests/test_add.py": "from calc.ops import add\n\ndef test_add():\n"
                             "    assert add(2, 3) == 5\n",
        "tests/test_div.py": "from calc.ops import div\n\ndef test_div():\n"
                             "    assert div(6, 3) == 2\n",
        "tests/helpers_test.py": "def test_nothing():\n    pass\n",
        ".venv/pyvenv.cfg": "home = /usr/bin\n",
        ".venv/lib/site.py": "x = 1\n",
        "pytest.ini": "[pytest]\npythonpath = .\n",
    })


def run_under_coverage(app: Path, data_file: Path, *tests: str) -> None:
    argv = [*coverage_prefix(data_file, [app]), "-q", "-p", "no:cacheprovider", *tests]
    done = subprocess.run(argv, cwd=app, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_two_shards_combined_equal_one_serial_run(app: Path, tmp_path: Path) -> None:
    sharded, serial = tmp_path / "sharded", tmp_path / "serial"
    run_under_coverage(app, sharded / "shard-1.coverage", "tests/test_add.py")
    run_under_coverage(app, sharded / "shard-2.coverage", "tests/test_div.py",
                       "tests/helpers_test.py")
    run_under_coverage(app, serial / "all.coverage", "tests")
    assert len(data_files(sharded)) == 2 and len(data_files(serial)) == 1

    combined = summarise(data_files(sharded), app, tmp_path / "sharded.db", layer="unit",
                         tests=["tests"])
    alone = summarise(data_files(serial), app, tmp_path / "serial.db", layer="unit",
                      tests=["tests"])

    assert combined.files == alone.files == {
        "calc/__init__.py": (0, 0),
        "calc/ops.py": (6, 9),  # the defs, add and div; not the raise, not unused()'s body
        "calc/report.py": (0, 2),      # never imported: counts, at 0 %
    }
    assert (combined.covered, combined.statements) == (alone.covered, alone.statements) == (6, 11)
    assert combined.percent == alone.percent == pytest.approx(100 * 6 / 11)
    # div()'s ``if b == 0`` can jump two ways; the tests took one.
    assert (combined.covered_branches, combined.branches) == (alone.covered_branches,
                                                              alone.branches) == (1, 2)
    assert combined.branch_percent == 50.0
    assert (data_files(sharded)[0]).exists()  # the shards' data is kept for the coverage map


def test_the_total_is_what_coverage_report_says(app: Path, tmp_path: Path) -> None:
    run_under_coverage(app, tmp_path / "cov" / "all.coverage", "tests")
    summary = summarise(data_files(tmp_path / "cov"), app, tmp_path / "combined.db",
                        layer="unit", tests=["tests"])
    report = subprocess.run(
        [sys.executable, "-m", "coverage", "json", "--rcfile=", "-o", "-",
         f"--data-file={tmp_path / 'combined.db'}", "--omit=*/tests/*"],
        cwd=app, capture_output=True, text=True, check=True)
    totals = json.loads(report.stdout)["totals"]
    assert (summary.covered, summary.statements) == (totals["covered_lines"],
                                                     totals["num_statements"])
    assert (summary.covered_branches, summary.branches) == (totals["covered_branches"],
                                                            totals["num_branches"])


def test_data_recorded_without_branches_has_no_branch_numbers(app: Path, tmp_path: Path) -> None:
    argv = [*coverage_prefix(tmp_path / "cov" / "all.coverage", [app]), "-q",
            "-p", "no:cacheprovider", "tests"]
    argv.remove("--branch")
    subprocess.run(argv, cwd=app, capture_output=True, check=True, timeout=120)
    summary = summarise(data_files(tmp_path / "cov"), app, tmp_path / "combined.db",
                        layer="unit", tests=["tests"])
    assert (summary.covered, summary.statements) == (6, 11)
    assert (summary.branches, summary.covered_branches, summary.branch_percent) == (
        None, None, None)


def test_no_data_is_an_empty_summary(app: Path, tmp_path: Path) -> None:
    summary = summarise([], app, tmp_path / "combined.db", layer="unit")
    assert (summary.covered, summary.statements, summary.files) == (0, 0, {})
    assert summary.percent == 100.0
    assert summary.branch_percent is None


def test_branch_percent_of_code_without_branches_is_full() -> None:
    assert CoverageSummary("unit", 3, 4, branches=0, covered_branches=0).branch_percent == 100.0
    assert CoverageSummary("unit", 3, 4, branches=8, covered_branches=6).branch_percent == 75.0


def test_summarise_suite_takes_the_layer_threshold_and_tests_from_qatron_yml(
        app: Path, tmp_path: Path) -> None:
    project = load_project(app)
    run_under_coverage(app, tmp_path / "cov" / "s.coverage", "tests/test_add.py")
    summary = summarise_suite(project, project.suite("unit"), data_files(tmp_path / "cov"),
                              tmp_path / "combined.db")
    assert (summary.layer, summary.threshold, summary.enforced) == ("unit", 80.0, True)
    assert summary.shortfall() == (f"coverage {format_percent(summary.percent)}% is below "
                                   "the unit threshold 80.0%")
    assert summarise_suite(project, project.suite("nightly"), [], tmp_path / "n.db").layer \
        == "none"


def test_which_suites_measure_coverage(app: Path) -> None:
    project = load_project(app)
    assert measures_coverage(project, project.suite("unit"))         # a threshold for unit
    assert measures_coverage(project, project.suite("nightly"))      # record_coverage
    assert not measures_coverage(project, project.suite("e2e"))      # no threshold for e2e


@pytest.mark.parametrize(("path", "source"), [
    ("calc/ops.py", True),
    ("setup.py", True),
    ("tests/test_ops.py", False),
    ("calc/tests/fixtures.py", False),
    ("calc/test_ops.py", False),
    ("calc/ops_test.py", False),
    ("conftest.py", False),
    (".venv/lib/python3.12/site-packages/six.py", False),
    ("vendor/site-packages/six.py", False),
    ("checks/smoke.py", False),  # the suite's own test path
])
def test_what_counts_as_application_source(path: str, source: bool) -> None:
    assert is_source(path, ["checks"]) is source


def summary_at(percent_of_1000: int, threshold: float | None = 90.0,
               enforced: bool = True) -> CoverageSummary:
    return CoverageSummary(layer="unit", covered=percent_of_1000, statements=1000,
                           threshold=threshold, enforced=enforced)


def test_the_gate_fails_a_passing_run_below_its_threshold() -> None:
    assert gate(RunStatus.COMPLETED, summary_at(724)) == (
        RunStatus.FAILED, "coverage 72.4% is below the unit threshold 90.0%")
    assert gate(RunStatus.COMPLETED, summary_at(900)) == (RunStatus.COMPLETED, None)
    assert gate(RunStatus.COMPLETED, summary_at(724, enforced=False)) == (
        RunStatus.COMPLETED, None)
    assert gate(RunStatus.COMPLETED, summary_at(724, threshold=None)) == (
        RunStatus.COMPLETED, None)
    assert gate(RunStatus.COMPLETED, None) == (RunStatus.COMPLETED, None)
    for worse in (RunStatus.FAILED, RunStatus.TIMED_OUT, RunStatus.PARTIAL_FAILED):
        assert gate(worse, summary_at(724)) == (worse, None)


def test_percent_is_shown_and_compared_as_coverage_py_shows_it() -> None:
    assert [format_percent(p) for p in (0, 0.01, 72.44, 99.96, 100)] == [
        "0.0", "0.1", "72.4", "99.9", "100.0"]
    assert not summary_at(900).below_threshold
    assert CoverageSummary("unit", 89_996, 100_000, threshold=90.0).below_threshold is False
    assert CoverageSummary("unit", 99_999, 100_000, threshold=100.0).below_threshold


def test_lowest_files_first() -> None:
    summary = CoverageSummary("unit", 0, 0, files={
        "a.py": (9, 10), "b.py": (0, 5), "c.py": (0, 0), "d.py": (1, 2), "e.py": (0, 50)})
    assert [path for path, _, _ in summary.lowest(3)] == ["e.py", "b.py", "d.py"]
