"""Quality gates in the run-suite flow, on a real Prefect server: a gate that fails turns a
passing run failed, a failed run keeps its status, and the report and the Prefect state
say which gate failed."""

from __future__ import annotations

from pathlib import Path

from tests.flows.test_run_suite import execute
from tests.projects import write_project

FLAKY = """
    from pathlib import Path


    def test_flaky():
        marker = Path(__file__).with_name("attempted")
        if not marker.exists():
            marker.write_text("1")
            raise AssertionError("first attempt")
"""


def test_gates_fail_a_passing_run_and_are_named_on_a_failed_one(tmp_path: Path) -> None:
    project = write_project(tmp_path / "gated", """
        project: gated
        quality_gates: {max_flaky: 0, max_new_failures: 0}
        suites: {all: {paths: [tests], retries: 1}}
    """, {"tests/test_ok.py": "def test_ok():\n    assert True\n", "tests/test_flaky.py": FLAKY})

    state, record, summary = execute(project, "all")

    assert summary.counts()["flaky"] == 1
    gate = ("quality gate max_flaky: 1 flaky test (tests/test_flaky.py::test_flaky), "
            "at most 0 allowed")
    assert record.status == "failed" and state.name == "Failed"
    assert record.message == f"2 passed, 0 failed, 0 skipped, 1 flaky; {gate}"
    assert state.message == record.message
    assert gate in (Path(record.run_dir) / "report.html").read_text()

    (project / "tests" / "test_new.py").write_text("def test_new():\n    assert 1 == 2\n")
    state, record, _ = execute(project, "all")

    assert record.status == "failed" and state.name == "Failed"
    assert record.message == ("2 passed, 1 failed, 0 skipped; quality gate max_new_failures: "
                              "1 new failure (tests/test_new.py::test_new), at most 0 allowed")
