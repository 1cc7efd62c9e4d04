"""A suite run by the flow with the application's own virtualenv, against a real Prefect
server: collection, shards and the coverage gate all run under its interpreter."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from qatron.store import ResultsStore
from tests.flows.test_run_suite import execute
from tests.projects import uv, write_project

pytestmark = pytest.mark.usefixtures("prefect_api_url")

UV = uv()


def test_a_suite_runs_under_the_applications_dot_venv(tmp_path: Path) -> None:
    project = write_project(tmp_path / "calc", """
        project: calc
        suites: {unit: {layer: unit, paths: [tests], shards: 2}}
        coverage: {thresholds: {unit: 50.0}, fail_below_threshold: true}
    """, {
        "calc.py": "def add(a, b):\n    return a + b\n",
        "tests/test_calc.py": "import importlib.util, sys\n\nimport calc\n\n\n"
                              "def test_add():\n    assert calc.add(2, 3) == 5\n\n\n"
                              "def test_venv():\n"
                              f"    assert sys.prefix == {str(tmp_path / 'calc' / '.venv')!r}\n"
                              "    assert importlib.util.find_spec('qatron') is None\n",
        "pytest.ini": "[pytest]\npythonpath = .\n",
    })
    subprocess.run([*UV, "venv", "-q", str(project / ".venv")], check=True)
    subprocess.run([*UV, "pip", "install", "-q", "--python", str(project / ".venv/bin/python"),
                    "pytest", "coverage"], check=True)

    state, record, summary = execute(project, "unit")

    assert record.status == "completed", record.message
    assert sorted((r.nodeid, r.outcome.value) for r in summary.results) == [
        ("tests/test_calc.py::test_add", "passed"), ("tests/test_calc.py::test_venv", "passed")]
    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        [coverage] = store.run_coverage(record.id)
    assert coverage.files["calc.py"] == (2, 2)


def test_tests_that_import_an_installed_copy_instead_of_the_checkout_are_warned_of(
        tmp_path: Path) -> None:
    project = write_project(tmp_path / "web", """
        project: web
        suites: {unit: {paths: [tests]}}
    """, {
        "src/jinja2/__init__.py": "LOCAL = True\n",
        "tests/test_templates.py": "import jinja2\n\n\ndef test_renders():\n"
                                   "    assert jinja2.Template('{{ 1 }}').render() == '1'\n",
    })

    _, record, _ = execute(project, "unit")

    assert record.status == "completed", record.message
    assert "; the tests imported jinja2 from " in record.message
    assert "not from the application folder" in (Path(record.run_dir) / "report.html").read_text()
