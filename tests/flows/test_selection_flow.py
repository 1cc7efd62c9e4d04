"""Change-based selection inside the run-suite flow, on a real git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from qatron.store import ResultsStore
from tests.flows.test_run_suite import execute
from tests.projects import artifacts_of, write_project

pytestmark = pytest.mark.usefixtures("prefect_api_url")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def calc_repo(root: Path, upper: str = "A") -> Path:
    """A committed project: calc/ops.py, a test that imports it and one that does not."""
    repo = write_project(root, """
        project: calc
        suites: {all: {shards: 1}}
    """, {
        "calc/__init__.py": "",
        "calc/ops.py": "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n",
        "tests/test_add.py": "from calc.ops import add\n\ndef test_add():\n"
                             "    assert add(2, 2) == 4\n",
        "tests/test_text.py": f"def test_upper():\n    assert 'a'.upper() == {upper!r}\n",
        "pytest.ini": "[pytest]\npythonpath = .\ntestpaths = tests\n",
        ".gitignore": ".qatron/\n__pycache__/\n",
    })
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base")
    return repo


def test_changed_since_runs_only_affected_tests_and_records_coverage(tmp_path: Path) -> None:
    repo = calc_repo(tmp_path / "repo")
    ops = repo / "calc" / "ops.py"
    ops.write_text(ops.read_text().replace("return a + b", "return b + a"))

    _, record, summary = execute(repo, "all", changed_since="HEAD")

    assert record.status == "completed", record.message
    assert [r.nodeid for r in summary.results] == ["tests/test_add.py::test_add"]
    selection = next(a for a in artifacts_of(record.flow_run_id)
                     if a.key == "qatron-all-local-selection")
    assert "1 of 2 tests selected" in selection.data and "calc/ops.py" in selection.data
    with ResultsStore(f"sqlite:///{repo / '.qatron' / 'results.db'}") as store:
        cmap = store.load_coverage_map("calc", "default")
    assert cmap is not None and "tests/test_add.py::test_add" in cmap.tests


def test_a_test_that_failed_in_the_last_run_is_selected_first(tmp_path: Path) -> None:
    repo = calc_repo(tmp_path / "repo", upper="B")
    _, first, _ = execute(repo, "all")
    assert first.status == "failed", first.message
    ops = repo / "calc" / "ops.py"
    ops.write_text(ops.read_text().replace("return a * b", "return b * a"))

    _, record, summary = execute(repo, "all", changed_since="HEAD")

    assert sorted(r.nodeid for r in summary.results) == ["tests/test_add.py::test_add",
                                                         "tests/test_text.py::test_upper"]
    selection = next(a for a in artifacts_of(record.flow_run_id)
                     if a.key == "qatron-all-local-selection").data
    assert "failed in the last run" in selection
    assert selection.index("test_upper") < selection.index("test_add")


def test_a_suite_that_records_coverage_makes_the_next_selection_precise(tmp_path: Path) -> None:
    repo = calc_repo(tmp_path / "repo")
    config = repo / "qatron.yml"
    config.write_text(config.read_text().replace("shards: 1", "shards: 1, record_coverage: true"))
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "cover")
    _, first, _ = execute(repo, "all")
    assert first.status == "completed", first.message
    ops = repo / "calc" / "ops.py"
    ops.write_text(ops.read_text().replace("return a * b", "return b * a"))

    _, record, summary = execute(repo, "all", changed_since="HEAD")

    assert record.status == "completed", record.message
    assert summary.results == []
