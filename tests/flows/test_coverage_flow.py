"""Coverage thresholds gate the run-suite flow, against a real Prefect server."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from qatron.store import ResultsStore
from tests.flows.test_run_suite import execute
from tests.projects import artifacts_of, qatron, write_project

pytestmark = pytest.mark.usefixtures("prefect_api_url")

QATRON_YML = """
    project: calc
    suites: {{unit: {{layer: unit, paths: [tests], shards: 2}}}}
    coverage: {{thresholds: {{unit: {threshold}}}, fail_below_threshold: true}}
"""


def calc_project(root: Path, threshold: float) -> Path:
    """6 of calc's 11 statements run (54.5 %): add() and div() but not unused() nor a raise;
    1 of div()'s 2 branches is taken (50 %)."""
    return write_project(root, QATRON_YML.format(threshold=threshold), {
        "calc/__init__.py": "",
        "calc/ops.py": "def add(a, b):\n    return a + b\n\n\ndef div(a, b):\n    if b == 0:\n"
                       "        raise ZeroDivisionError('b')\n    return a / b\n\n\n"
                       "def unused(x):\n    y = x * 2\n    return y\n",
        "calc/report.py": "def render(rows):\n    return '\\n'.join(rows)\n",
        "tests/test_add.py": "from calc.ops import add\n\ndef test_add():\n"
                             "    assert add(2, 3) == 5\n",
        "tests/test_div.py": "from calc.ops import div\n\ndef test_div():\n"
                             "    assert div(6, 3) == 2\n",
        "pytest.ini": "[pytest]\npythonpath = .\n",
    })


def test_coverage_below_an_enforced_threshold_fails_a_passing_run(tmp_path: Path) -> None:
    project = calc_project(tmp_path / "calc", threshold=90.0)

    state, record, summary = execute(project, "unit")

    assert summary.counts()["passed"] == 2
    assert record.status == "failed"
    assert state.name == "Failed"
    assert record.message == ("2 passed, 0 failed, 0 skipped; "
                              "coverage 54.5% is below the unit threshold 90.0%")
    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        [coverage] = store.run_coverage(record.id)
    assert (coverage.layer, coverage.covered, coverage.statements) == ("unit", 6, 11)
    assert (coverage.covered_branches, coverage.branches) == (1, 2)
    assert coverage.files == {"calc/__init__.py": (0, 0), "calc/ops.py": (6, 9),
                              "calc/report.py": (0, 2)}

    run_dir = Path(record.run_dir)
    properties = {p.get("name"): p.get("value")
                  for p in ET.parse(run_dir / "junit.xml").getroot().iter("property")}
    assert properties["qatron.coverage.percent"] == "54.5"
    assert properties["qatron.coverage.branch_percent"] == "50.0"
    report = (run_dir / "report.html").read_text()
    assert "Coverage" in report and "calc/report.py" in report
    assert "branches 50.0%" in report and "1 of 2 branches taken" in report
    markdown = next(a for a in artifacts_of(record.flow_run_id)
                    if a.key == "qatron-unit-local-summary").data
    assert "**Coverage:** 54.5% **below threshold**; branches 50.0%" in markdown

    shown = qatron("runs", "status", str(record.id), "--project", str(project), env={})
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["coverage"] == {"unit": {
        "percent": 54.55, "covered": 6, "statements": 11, "branch_percent": 50.0,
        "covered_branches": 1, "branches": 2, "threshold": 90.0, "below_threshold": True}}


def test_coverage_above_the_threshold_passes(tmp_path: Path) -> None:
    project = calc_project(tmp_path / "calc", threshold=50.0)

    state, record, _ = execute(project, "unit")

    assert record.status == "completed", record.message
    assert state.name == "Completed"
    assert record.message == "2 passed, 0 failed, 0 skipped"
    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        assert [round(s.percent, 1) for s in store.coverage_history("calc", "unit")] == [54.5]
