"""The run-suite flow against a real Prefect server, on real projects."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client

from flows.run_suite import run_suite
from qatron.analytics import analyse_project
from qatron.config import load_project
from qatron.models import Outcome, RunStatus, ShardStatus
from qatron.options import RunOptions
from qatron.run import open_run
from qatron.store import ResultsStore
from tests.projects import alive, artifacts_of, copy_shop, processes_with, write_project

pytestmark = pytest.mark.usefixtures("prefect_api_url")


def execute(project: Path, suite: str, env: str = "local", **options):  # type: ignore[no-untyped-def]
    ctx = open_run(project, RunOptions(suite, env, **options))
    state = run_suite(suite=suite, env=env, project=str(project), run_id=ctx.run_id,
                      return_state=True)
    with ResultsStore(ctx.database_url) as store:
        return state, store.get_run(ctx.run_id), store.load_summary(ctx.run_id)


def test_shop_regression_runs_sharded_and_reports(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path / "shop")
    state, record, summary = execute(shop, "regression")

    assert record.status == "completed", record.message
    assert state.name == "Completed"
    assert len(summary.shards) == 2
    assert all(s.status is ShardStatus.PASSED and s.results for s in summary.shards)
    nodeids = [r.nodeid for r in summary.results]
    assert len(nodeids) == len(set(nodeids)) >= 20
    assert all("regression" in r.markers for r in summary.results)

    run_dir = Path(record.run_dir)
    junit = ET.parse(run_dir / "junit.xml").getroot()
    assert int(junit.get("tests")) == len(nodeids)
    report = (run_dir / "report.html").read_text()
    assert "regression" in report and "plotly" in report.lower()

    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(record.flow_run_id)
    assert flow_run.state.name == "Completed"
    assert artifacts_of(flow_run.id)
    assert not processes_with(str(shop))

    # the quality analytics read this real run back from the store
    with ResultsStore(f"sqlite:///{shop / '.qatron' / 'results.db'}") as store:
        quality = analyse_project(store, load_project(shop))
    scope = next(q for q in quality.scopes if (q.suite, q.environment) == ("regression", "local"))
    assert [point.run_id for point in scope.runs] == [record.id]
    pass_rate = scope.metric("pass_rate")
    assert pass_rate is not None and pass_rate.value == 1.0 and pass_rate.status == "good"
    duration = scope.metric("suite_duration")
    assert duration is not None and duration.value is not None and duration.value > 0
    assert not scope.anomalies and scope.score is not None


def test_later_runs_balance_shards_on_recorded_durations(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: balance
        suites: {all: {shards: 2}}
    """, {"tests/test_d.py": """
        import time, pytest
        @pytest.mark.parametrize("seconds", [0.6, 0.05, 0.05, 0.05, 0.05, 0.05])
        def test_wait(seconds):
            time.sleep(seconds)
    """})
    execute(project, "all")
    _, _, summary = execute(project, "all")

    slow = "tests/test_d.py::test_wait[0.6]"
    slow_shard = next(s for s in summary.shards if slow in s.nodeids)
    assert slow_shard.nodeids == [slow]


def test_failures_are_rerun_and_flaky_tests_marked(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: flaky
        suites: {all: {retries: 2}}
    """, {"tests/test_f.py": """
        from pathlib import Path
        def test_flaky():
            marker = Path(__file__).with_name("attempted")
            if not marker.exists():
                marker.write_text("1")
                assert False, "first attempt fails"
        def test_broken():
            assert 1 == 2
        def test_fine():
            pass
    """})
    state, record, summary = execute(project, "all")

    by_id = {r.nodeid.split("::")[1]: r for r in summary.results}
    assert by_id["test_flaky"].outcome is Outcome.PASSED
    assert by_id["test_flaky"].flaky and by_id["test_flaky"].attempts == 2
    assert "first attempt fails" in by_id["test_flaky"].message
    assert by_id["test_broken"].outcome is Outcome.FAILED
    assert by_id["test_broken"].attempts == 3
    assert by_id["test_fine"].attempts == 1 and not by_id["test_fine"].flaky
    assert record.status == "failed" and state.name == "Failed"


def test_failed_only_reruns_just_last_failures(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: rerun
        suites: {all: {}}
    """, {"tests/test_r.py": """
        import os
        def test_a(): pass
        def test_b(): assert os.environ.get("FIXED")
        def test_c(): pass
    """})
    execute(project, "all")
    _, record, summary = execute(project, "all", failed_only=True)

    assert [r.nodeid for r in summary.results] == ["tests/test_r.py::test_b"]
    assert record.status == "failed"


def test_service_failing_health_check_is_infra_failed_with_log_tail(tmp_path: Path) -> None:
    marker = f"qatron-hc-{time.time_ns()}"
    project = write_project(tmp_path / "p", f"""
        project: broken
        environments:
          local:
            services:
              api:
                command: "{{python}} -c \\"print('booting {marker}', flush=True); \\
                  import time; time.sleep(60)\\""
                health_check: "{{url}}/health"
                startup_timeout: 2
        suites: {{all: {{}}}}
    """, {"tests/test_x.py": "def test_x(): pass\n"})
    state, record, summary = execute(project, "all")

    assert record.status == "infra_failed" and state.name == "InfraFailed"
    assert "'api' did not start" in record.message and f"booting {marker}" in record.message
    assert summary.results == []
    assert not processes_with(marker)


def test_killed_test_process_fails_its_shard_and_keeps_the_others(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: crash
        suites: {all: {shards: 2}}
    """, {"tests/test_a.py": """
        def test_a1(): pass
        def test_a2(): pass
    """, "tests/test_kill.py": """
        import os, signal
        def test_kill(): os.kill(os.getpid(), signal.SIGKILL)
    """})
    state, record, summary = execute(project, "all")

    assert record.status == "partial_failed" and state.name == "PartialFailed"
    statuses = sorted(s.status.value for s in summary.shards)
    assert statuses == ["infra_failed", "passed"]
    broken = next(s for s in summary.shards if s.status is ShardStatus.INFRA_FAILED)
    assert "killed by signal 9" in broken.message
    outcomes = {r.nodeid.split("::")[1]: r.outcome for r in summary.results}
    assert outcomes == {"test_a1": Outcome.PASSED, "test_a2": Outcome.PASSED,
                        "test_kill": Outcome.ERROR}


def test_suite_timeout_kills_the_test_processes(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: slow
        suites: {all: {timeout: 10}}
    """, {"tests/test_slow.py": """
        import os, subprocess, sys, time
        from pathlib import Path
        def test_slow():
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
            Path(__file__).with_name("pids").write_text(f"{os.getpid()} {child.pid}")
            time.sleep(120)
    """})
    started = time.monotonic()
    state, record, summary = execute(project, "all")

    assert time.monotonic() - started < 60
    assert record.status == "timed_out" and state.name == "TimedOut"
    assert summary.results[0].outcome is Outcome.ERROR
    pids = (project / "tests" / "pids").read_text().split()
    assert not [pid for pid in pids if alive(pid)]


def test_collection_errors_are_reported_not_swallowed(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: syntax
        suites: {all: {}}
    """, {"tests/test_ok.py": "def test_ok(): pass\n",
          "tests/test_bad.py": "def test_bad(:\n"})
    _, record, summary = execute(project, "all")

    assert record.status == RunStatus.FAILED
    errors = [r for r in summary.results if r.outcome is Outcome.ERROR]
    assert [e.nodeid for e in errors] == ["tests/test_bad.py"]
    assert "SyntaxError" in errors[0].traceback
    assert any(r.nodeid == "tests/test_ok.py::test_ok" for r in summary.results)


def test_plain_pytest_project_runs_with_a_minimal_config(tmp_path: Path) -> None:
    project = write_project(tmp_path / "plain", """
        project: plain
        suites: {all: {shards: 2}}
    """, {"pytest.ini": "[pytest]\ntestpaths = checks\n",
          "checks/test_math.py": """
        import pytest
        @pytest.mark.parametrize("n", range(6))
        def test_square(n):
            assert n * n >= n
    """})
    _, record, summary = execute(project, "all")

    assert record.status == "completed"
    assert len(summary.results) == 6


def test_tests_whose_ids_change_between_processes_keep_their_outcomes(tmp_path: Path) -> None:
    project = write_project(tmp_path / "ids", """
        project: ids
        suites: {all: {shards: 2}}
    """, {"tests/test_ids.py": """
        import time
        import uuid
        import pytest
        @pytest.mark.parametrize("value", ["fixed", time.time_ns(), uuid.uuid4().hex, 3, 4])
        def test_value(value):
            assert value
    """})
    state, record, summary = execute(project, "all")

    assert record.status == "completed", record.message
    assert state.name == "Completed"
    assert [r.outcome for r in summary.results] == [Outcome.PASSED] * 5
    assert sum(r.unstable_id for r in summary.results) == 2
    run_dir = Path(record.run_dir)
    assert "Ids not stable between processes" in (run_dir / "report.html").read_text()
    names = {p.get("name") for p in ET.parse(run_dir / "junit.xml").getroot().iter("property")}
    assert "qatron.unstable_ids" in names
