"""qatron.run_suite: a real run-suite flow run on the session's Prefect server."""

from __future__ import annotations

from pathlib import Path

import pytest

import qatron
from qatron.models import Outcome, TestResult
from qatron.options import RunOptions
from qatron.run import open_run
from qatron.run_result import FailedTest, RunResult
from qatron.store import ResultsStore, default_database_url
from tests.projects import write_project

TESTS = {
    "tests/test_checkout.py": """
        import pytest

        def test_total():
            assert 2 * 21 == 42

        def test_declined():
            raise AssertionError("card declined by the PSP")

        @pytest.mark.skip(reason="not in this market")
        def test_vouchers():
            pass
    """,
    "tests/test_cart.py": "def test_empty():\n    assert [] == []\n",
}


@pytest.mark.usefixtures("api_env")
def test_a_yaml_project_runs_and_its_failure_is_categorised_and_routed(tmp_path: Path) -> None:
    root = write_project(tmp_path / "shop", """
        project: shop
        suites: {all: {paths: [tests], shards: 1}}
        failure_analysis:
          categories: [{name: payment_declined, patterns: ["card declined"]}]
          routing: {payment_declined: payments-team}
    """, TESTS)

    result = qatron.run_suite(root, "all", environment="local", shards=2)

    assert isinstance(result, RunResult)
    assert (result.status, result.exit_code, result.ok) == (qatron.RunStatus.FAILED, 1, False)
    assert (result.executed, result.passed, result.failed, result.skipped) == (3, 2, 1, 1)
    [failed] = result.failures
    assert failed.nodeid == "tests/test_checkout.py::test_declined"
    assert (failed.category, failed.team) == ("payment_declined", "payments-team")
    assert "card declined" in failed.message and failed.cluster
    assert result.run_dir == root.resolve() / ".qatron" / "runs" / str(result.run_id)
    assert result.report.is_file() and result.junit.is_file()
    assert result.flow_run_id
    assert (result.project, result.suite, result.environment) == ("shop", "all", "local")
    with ResultsStore(default_database_url(root.resolve())) as store:
        summary = store.load_summary(result.run_id)
    assert summary is not None and len(summary.shards) == 2  # shards=2 overrode the suite's


def test_an_unknown_suite_is_refused_before_anything_is_recorded(tmp_path: Path) -> None:
    project = qatron.project(tmp_path, "demo", suites={"smoke": {}})
    with pytest.raises(qatron.ConfigError, match="no suite 'smok'.*Did you mean 'smoke'"):
        qatron.run_suite(project, "smok")
    assert not (tmp_path / ".qatron").exists()


def test_the_result_of_a_run_that_has_not_ended_is_not_read(tmp_path: Path) -> None:
    root = write_project(tmp_path, "project: demo\nsuites: {all: {}}\n", {})
    ctx = open_run(root, RunOptions("all"))
    with ctx.store() as store, pytest.raises(qatron.ConfigError, match="has not ended"):
        RunResult.load(store, ctx.run_id)


def test_a_failed_test_of_a_run_without_analysis_has_no_verdict() -> None:
    failed = FailedTest.from_result(TestResult("t.py::test_x", Outcome.FAILED, message="boom"),
                                    None)
    assert (failed.nodeid, failed.message, failed.category, failed.team) == (
        "t.py::test_x", "boom", None, None)
