"""retry_on and quarantine: real pytest processes, real config files, real reports."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest

from qatron.config import Quarantine, load_project
from qatron.errors import ConfigError
from qatron.flaky import RetryOn, RetryPolicy, retry_policy
from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from qatron.pytest_runner import ShardSpec, TestCommand, execute_shard
from qatron.quarantine import apply_quarantine, expiry_notes
from qatron.store import ResultsStore
from qatron.verdict import conclude, verdict_message
from reports.html import render_html
from reports.junit import write_junit
from tests.projects import write_project

# Each test fails (or errors, or kills its process) on its first attempt only:
# a counter file per test in $COUNTER_DIR remembers the attempts.
ONCE = '''\
import os
import signal
from pathlib import Path

import pytest


def attempt(name):
    counter = Path(os.environ["COUNTER_DIR"]) / name
    number = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(number))
    return number


@pytest.fixture
def database_once():
    if attempt("fixture") == 1:
        raise ConnectionError("database not ready yet")


def test_fails_once():
    assert attempt("fails") >= 2, "first attempt fails"


@pytest.mark.flaky_candidate
def test_marked_fails_once():
    assert attempt("marked") >= 2, "first attempt fails"


def test_setup_error_once(database_once):
    pass


def test_crashes_once():
    if attempt("crash") == 1:
        os.kill(os.getpid(), signal.SIGKILL)


def test_after_crash():
    pass
'''
FILE = "tests/test_once.py"


def node(name: str) -> str:
    return f"{FILE}::{name}"


@pytest.fixture
def app(tmp_path: Path) -> Path:
    return write_project(tmp_path / "app", "project: app\nsuites: {all: {}}\n", {FILE: ONCE})


def run(app: Path, tmp_path: Path, names: list[str], policy: RetryPolicy,
        retries: int = 1) -> tuple[ShardResult, dict[str, TestResult]]:
    counters = tmp_path / "counters"
    counters.mkdir(parents=True, exist_ok=True)
    command = TestCommand(app_dir=app, paths=["tests"], env={"COUNTER_DIR": str(counters)})
    spec = ShardSpec(index=1, count=1, nodeids=[node(n) for n in names], run_dir=tmp_path / "run",
                     command=command, rootdir=app, deadline=time.monotonic() + 120,
                     retries=retries, retry=policy)
    shard = execute_shard(spec)
    return shard, {r.nodeid.split("::")[-1]: r for r in shard.results}


def policy(*on: str, candidates: frozenset[str] = frozenset()) -> RetryPolicy:
    return RetryPolicy(on=frozenset(RetryOn(value) for value in on), candidates=candidates)


# --- retry_on, through execute_shard ------------------------------------------------------


def test_failed_reruns_every_failure(app: Path, tmp_path: Path) -> None:
    shard, results = run(app, tmp_path, ["test_fails_once", "test_setup_error_once"],
                         policy("failed"))
    assert shard.status is ShardStatus.PASSED
    for name in ("test_fails_once", "test_setup_error_once"):
        assert (results[name].outcome, results[name].flaky, results[name].attempts) == (
            Outcome.PASSED, True, 2)


def test_infrastructure_error_reruns_errors_not_assertion_failures(
        app: Path, tmp_path: Path) -> None:
    shard, results = run(app, tmp_path, ["test_fails_once", "test_setup_error_once"],
                         policy("infrastructure_error"))
    assert (results["test_fails_once"].outcome, results["test_fails_once"].attempts) == (
        Outcome.FAILED, 1)
    setup = results["test_setup_error_once"]
    assert (setup.outcome, setup.flaky, setup.attempts) == (Outcome.PASSED, True, 2)
    assert "database not ready yet" in setup.message
    assert shard.status is ShardStatus.FAILED


def test_flaky_candidate_reruns_marked_tests_and_candidates_from_history(
        app: Path, tmp_path: Path) -> None:
    names = ["test_fails_once", "test_marked_fails_once", "test_setup_error_once"]
    _, results = run(app, tmp_path, names, policy("flaky_candidate"))
    assert results["test_marked_fails_once"].flaky
    assert results["test_fails_once"].outcome is Outcome.FAILED
    assert results["test_setup_error_once"].outcome is Outcome.ERROR

    _, results = run(app, tmp_path / "again", ["test_fails_once"],
                     policy("flaky_candidate", candidates=frozenset({node("test_fails_once")})))
    assert (results["test_fails_once"].outcome, results["test_fails_once"].flaky) == (
        Outcome.PASSED, True)


def test_infrastructure_error_reruns_the_tests_a_crashed_process_lost(
        app: Path, tmp_path: Path) -> None:
    names = ["test_crashes_once", "test_after_crash"]
    shard, results = run(app, tmp_path, names, policy("infrastructure_error"))
    assert shard.status is ShardStatus.PASSED, shard.message
    for name in names:
        result = results[name]
        assert (result.outcome, result.attempts, result.flaky) == (Outcome.PASSED, 2, False)
        assert "the test process died first" in result.message


def test_without_infrastructure_error_a_crash_is_not_rerun(app: Path, tmp_path: Path) -> None:
    shard, results = run(app, tmp_path, ["test_crashes_once", "test_after_crash"],
                         policy("failed"))
    assert shard.status is ShardStatus.INFRA_FAILED
    assert shard.exit_code == -9
    assert results["test_after_crash"].outcome is Outcome.ERROR


def test_no_retries_no_rerun_whatever_retry_on(app: Path, tmp_path: Path) -> None:
    _, results = run(app, tmp_path, ["test_setup_error_once"], policy("infrastructure_error"),
                     retries=0)
    assert (results["test_setup_error_once"].outcome,
            results["test_setup_error_once"].attempts) == (Outcome.ERROR, 1)


def test_retry_policy_reads_candidates_from_the_store(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: shop
        suites:
          e2e: {retries: 1, retry_on: [flaky_candidate], flaky_threshold: 0.4}
          unit: {retries: 0, retry_on: [flaky_candidate]}
    """, {})
    suites = load_project(project).config.suites
    with ResultsStore(f"sqlite:///{tmp_path}/results.db") as store:
        for flaky in (True, False, True, False):
            run_id = store.create_run("shop", "e2e", "local")
            results = [TestResult(nodeid="t::wobbly", outcome=Outcome.PASSED, flaky=flaky,
                                  started_at=1.0),
                       TestResult(nodeid="t::steady", outcome=Outcome.PASSED, started_at=1.0)]
            store.save_shard(run_id, ShardResult(index=1, count=1, status=ShardStatus.PASSED,
                                                 results=results))
            store.set_status(run_id, RunStatus.COMPLETED)
        assert retry_policy(suites["e2e"], store, "shop").candidates == {"t::wobbly"}
        assert retry_policy(suites["unit"], store, "shop").candidates == frozenset()


# --- configuration ---------------------------------------------------------------------


def config_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_project(write_project(tmp_path / "bad", text, {}))
    return str(caught.value)


def test_retry_on_and_quarantine_load(tmp_path: Path) -> None:
    project = load_project(write_project(tmp_path / "p", """
        project: shop
        suites:
          e2e: {retries: 2, retry_on: [flaky_candidate, infrastructure_error]}
          unit: {}
        quarantine:
          - test: tests/e2e/test_checkout.py::test_coupon
            owner: payments-team
            reason: "times out against the sandbox PSP"
            until: 2026-12-31
    """, {}))
    assert project.suite("e2e").retry_on == [RetryOn.FLAKY_CANDIDATE,
                                             RetryOn.INFRASTRUCTURE_ERROR]
    assert project.suite("unit").retry_on == [RetryOn.FAILED]
    entry = project.config.quarantine[0]
    assert (entry.owner, entry.until) == ("payments-team", date(2026, 12, 31))
    assert entry.covers("tests/e2e/test_checkout.py::test_coupon[visa]")
    assert not entry.covers("tests/e2e/test_checkout.py::test_coupon_expired")


@pytest.mark.parametrize(("text", "expected"), [
    ("suites:\n  e2e: {retries: 1, retry_on: [flaky]}\n",
     ":4: suites.e2e.retry_on.0: expected 'failed', 'flaky_candidate' or "
     "'infrastructure_error'; got 'flaky'"),
    ("suites:\n  e2e: {retry_on: []}\n",
     ":4: suites.e2e.retry_on: expected one or more of failed, flaky_candidate, "
     "infrastructure_error (for no reruns, set retries: 0); got []"),
    ("suites:\n  e2e: {flaky_threshold: 1.5}\n",
     ":4: suites.e2e.flaky_threshold: expected less than or equal to 1; got 1.5"),
    ("suites: {e2e: {}}\nquarantine:\n  - test: t.py::a\n    reason: slow\n    until: 2026-12-31\n",
     ":5: quarantine.0.owner: this key is required"),
    ("suites: {e2e: {}}\nquarantine:\n  - {test: t.py::a, owner: me, reason: r, until: soon}\n",
     ":5: quarantine.0.until: expected a valid date"),
    ("suites: {e2e: {}}\nquarantine:\n"
     "  - {test: t.py::a, owner: me, reason: r, until: 2026-01-01}\n"
     "  - {test: t.py::a, owner: you, reason: r, until: 2026-01-01}\n",
     ":6: quarantine.1.test: each test quarantined once; 't.py::a' is already entry 0"),
])
def test_config_errors_name_line_key_and_expectation(tmp_path: Path, text: str,
                                                     expected: str) -> None:
    message = config_error(tmp_path, "project: shop\n\n" + text)
    assert "qatron.yml" in message and expected in message, message


# --- quarantine: verdict and reports ----------------------------------------------------


def entry(test: str, until: date, owner: str = "payments-team") -> Quarantine:
    return Quarantine(test=test, owner=owner, reason="times out against the sandbox PSP",
                      until=until)


def quarantined_run(today: date) -> tuple[list[ShardResult], list[str]]:
    results = [TestResult(nodeid="t.py::test_coupon", outcome=Outcome.FAILED,
                          message="AssertionError: timeout", traceback="t.py:3: timeout"),
               TestResult(nodeid="t.py::test_cart", outcome=Outcome.PASSED)]
    shards = [ShardResult(index=1, count=1, status=ShardStatus.FAILED, results=results)]
    matches = apply_quarantine([entry("t.py::test_coupon", date(2026, 12, 31))], results, today)
    return shards, expiry_notes(matches)


def test_a_quarantined_failure_does_not_fail_the_run_until_it_expires() -> None:
    shards, notes = quarantined_run(today=date(2026, 12, 31))
    assert shards[0].results[0].quarantined and notes == []
    assert conclude(shards, []) is RunStatus.COMPLETED

    shards, notes = quarantined_run(today=date(2027, 1, 1))
    assert not shards[0].results[0].quarantined
    assert conclude(shards, []) is RunStatus.FAILED
    assert notes == ["quarantine of t.py::test_coupon expired on 2026-12-31 "
                     "(owner payments-team): its failures count again"]


def test_reports_show_quarantined_tests_without_counting_them_as_failures(
        tmp_path: Path) -> None:
    results = [TestResult(nodeid="t.py::test_coupon", outcome=Outcome.FAILED,
                          message="AssertionError: timeout", traceback="t.py:3: timeout"),
               TestResult(nodeid="t.py::test_old", outcome=Outcome.PASSED)]
    today = date.today()
    matches = apply_quarantine([entry("t.py::test_coupon", today + timedelta(days=30)),
                                entry("t.py::test_old", today - timedelta(days=1), "web-team")],
                               results, today)
    shard = ShardResult(index=1, count=1, status=ShardStatus.FAILED, results=results,
                        nodeids=[r.nodeid for r in results])
    summary = RunSummary(run_id=7, project="shop", suite="e2e", environment="local",
                         status=conclude([shard], []), shards=[shard], quarantine=matches)
    assert summary.status is RunStatus.COMPLETED
    assert verdict_message(summary) == "1 passed, 0 failed, 0 skipped, 1 quarantined failed"

    root = ET.parse(write_junit(summary, tmp_path / "junit.xml")).getroot()
    assert (root.get("failures"), root.get("errors"), root.get("skipped")) == ("0", "0", "1")
    skipped = root.find(".//testcase[@name='test_coupon']/skipped")
    assert skipped.get("type") == "qatron.quarantined"
    assert skipped.get("message").startswith(
        f"quarantined until {today + timedelta(days=30)} (payments-team: times out")
    assert "failure: AssertionError: timeout" in skipped.get("message")
    assert skipped.text == "t.py:3: timeout"
    assert "[qatron] quarantined: failed; owner payments-team" in root.find(
        ".//testcase[@name='test_coupon']/system-out").text
    assert root.find(".//testcase[@name='test_old']/skipped") is None

    html = render_html(summary)
    assert "<h2>Quarantined</h2>" in html
    for text in ("t.py::test_coupon", "payments-team", "times out against the sandbox PSP",
                 "web-team", "expired"):
        assert text in html


# --- end to end, through the run-suite flow on a real Prefect server ---------------------


@pytest.mark.usefixtures("prefect_api_url")
def test_flow_retries_by_retry_on_and_excuses_quarantined_failures(tmp_path: Path) -> None:
    from flows.run_suite import run_suite
    from qatron.options import RunOptions
    from qatron.run import open_run

    today = date.today()
    project = write_project(tmp_path / "p", f"""
        project: quarantine-e2e
        suites:
          all: {{retries: 1, retry_on: [flaky_candidate, infrastructure_error]}}
        quarantine:
          - test: tests/test_q.py::test_coupon
            owner: payments-team
            reason: "times out against the sandbox PSP"
            until: {today + timedelta(days=30)}
          - {{test: tests/test_q.py::test_old, owner: web-team, reason: fixed,
              until: {today - timedelta(days=1)}}}
    """, {"tests/test_q.py": """
        from pathlib import Path
        import pytest

        @pytest.fixture
        def flaky_service():
            marker = Path(__file__).with_name("attempted")
            if not marker.exists():
                marker.write_text("1")
                raise ConnectionError("service not up yet")

        def test_needs_service(flaky_service):
            pass

        def test_coupon():
            assert False, "sandbox PSP timed out"

        def test_old():
            pass
    """})
    ctx = open_run(project, RunOptions("all", "local"))
    state = run_suite(suite="all", env="local", project=str(project), run_id=ctx.run_id,
                      return_state=True)
    with ResultsStore(ctx.database_url) as store:
        record, summary = store.get_run(ctx.run_id), store.load_summary(ctx.run_id)

    assert record.status == "completed" and state.name == "Completed", record.message
    results = {r.nodeid.split("::")[1]: r for r in summary.results}
    assert results["test_needs_service"].flaky and results["test_needs_service"].attempts == 2
    coupon = results["test_coupon"]
    assert (coupon.outcome, coupon.attempts, coupon.quarantined) == (Outcome.FAILED, 1, True)
    assert not results["test_old"].quarantined
    assert "1 quarantined failed" in record.message
    assert (f"quarantine of tests/test_q.py::test_old expired on {today - timedelta(days=1)}"
            in record.message)
    assert {(m.nodeid.split("::")[1], m.expired) for m in summary.quarantine} == {
        ("test_coupon", False), ("test_old", True)}

    run_dir = Path(record.run_dir)
    junit = ET.parse(run_dir / "junit.xml").getroot()
    assert (junit.get("failures"), junit.get("errors")) == ("0", "0")
    assert junit.find(".//testcase[@name='test_coupon']/skipped").get(
        "type") == "qatron.quarantined"
    report = (run_dir / "report.html").read_text()
    assert "<h2>Quarantined</h2>" in report and "payments-team" in report
