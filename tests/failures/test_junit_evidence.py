"""A failure read from JUnit XML keeps its whole evidence, its attempts and its run.

pytest's file is written by pytest itself (``-o junit_logging=all``). Surefire's and
gotestsum's flaky tests come from ``tests/qatron/junit_files`` (Surefire 3.2.5's own
output; gotestsum's layout with ``--rerun-fails``). pytest-rerunfailures is not installed
here, so its files are written by hand below in the layouts it is documented to write.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from qatron.failures import Failure, read_failures
from qatron.junit import read_junit
from qatron.models import Outcome, TestResult
from tests.projects import qatron
from tests.qatron.test_junit import FILES

EVIDENCE_MODULE = '''
import logging
import sys

import pytest

log = logging.getLogger("shop.payments")


@pytest.fixture
def database():
    raise ConnectionError("database at localhost:5432 refused the connection")


@pytest.fixture
def schema():
    yield
    raise RuntimeError("could not drop schema test_42")


def charge(amount):
    try:
        return {"EUR": 1}[amount]
    except KeyError as exc:
        raise ValueError(f"no price for {amount}") from exc


def test_passes():
    print("fine")


def test_chained(record_property):
    record_property("run_id", "nightly-481")
    print("charging 12 EUR")
    print("to stderr", file=sys.stderr)
    log.warning("gateway slow: 2.5 s")
    charge("GBP")


def test_during_handling():
    try:
        {}["missing"]
    except KeyError:
        raise RuntimeError("cleanup failed while handling the KeyError")


def test_setup(database):
    """Never runs: its fixture fails first."""


def test_teardown(schema):
    log.error("about to finish")


def test_fails_then_teardown_errors(schema):
    print("checking the total")
    assert 1 == 2
'''

#: pytest-rerunfailures 16.6.1 and later write one <testcase> per attempt, the reruns
#: without a verdict; an open pull request (#380) adds Surefire's <flakyFailure> for
#: earlier attempts, and <rerunFailure> is Surefire's for a test that failed every time.
RERUNFAILURES = """<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests"><testsuite name="pytest" errors="0" failures="2" skipped="0"
 tests="5" time="0.3" timestamp="2026-11-30T09:00:00.000000+00:00" hostname="ci">
<testcase classname="tests.test_pay" name="test_always" file="tests/test_pay.py" line="3"
 time="0.01" />
<testcase classname="tests.test_pay" name="test_always" file="tests/test_pay.py" line="3"
 time="0.01" />
<testcase classname="tests.test_pay" name="test_always" file="tests/test_pay.py" line="3"
 time="0.01"><failure message="assert 503 == 200">E   assert 503 == 200</failure></testcase>
<testcase classname="tests.test_pay" name="test_flaky" file="tests/test_pay.py" line="8"
 time="0.02"><flakyFailure message="TimeoutError: gateway took 5 s" type="TimeoutError"
 >E   TimeoutError: gateway took 5 s</flakyFailure></testcase>
<testcase classname="tests.test_pay" name="test_reruns" file="tests/test_pay.py" line="12"
 time="0.03"><failure message="KeyError: 'GBP'">E   KeyError: 'GBP' (3)</failure
 ><rerunFailure message="KeyError: 'USD'">E   KeyError: 'USD' (1)</rerunFailure
 ><rerunFailure message="KeyError: 'CHF'">E   KeyError: 'CHF' (2)</rerunFailure></testcase>
</testsuite></testsuites>
"""

#: gotestsum --rerun-fails: every run of a test is its own <testcase> in its package.
GOTESTSUM_FAILED_EVERY_TIME = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" failures="3" errors="0" time="0.4">
\t<testsuite tests="3" failures="3" time="0.030000" name="example.com/shop/pay"
 timestamp="2026-11-30T09:10:00Z">
\t\t<testcase classname="example.com/shop/pay" name="TestRefund" time="0.010000">
\t\t\t<failure message="Failed" type=""><![CDATA[=== RUN   TestRefund
    pay_test.go:12: refund 1: got 500, want 200
--- FAIL: TestRefund (0.01s)
]]></failure>
\t\t</testcase>
\t\t<testcase classname="example.com/shop/pay" name="TestRefund" time="0.010000">
\t\t\t<failure message="Failed" type=""><![CDATA[=== RUN   TestRefund
    pay_test.go:12: refund 2: got 500, want 200
--- FAIL: TestRefund (0.01s)
]]></failure>
\t\t</testcase>
\t\t<testcase classname="example.com/shop/pay" name="TestRefund" time="0.010000">
\t\t\t<failure message="Failed" type=""><![CDATA[=== RUN   TestRefund
    pay_test.go:12: refund 3: got 500, want 200
--- FAIL: TestRefund (0.01s)
]]></failure>
\t\t</testcase>
\t</testsuite>
</testsuites>
"""

#: Older pytest (and terminal reports) name the phase in each captured section.
OLD_SECTIONS = """<testsuite name="pytest"><testcase classname="tests.test_a" name="test_x">
<failure message="assert False">E   assert False</failure>
<system-out>--------------------------- Captured stdout setup ----------------------------
connecting
----------------------------- Captured stdout call -----------------------------
calling
------------------------------ Captured log call -------------------------------
INFO     shop:test_a.py:9 order 7 placed
[qatron] attempts: 2
</system-out>
<system-err>----------------------------- Captured stderr call -----------------------------
warning: slow
</system-err></testcase></testsuite>
"""


@pytest.fixture(scope="module")
def pytest_junit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pytest's own JUnit XML of EVIDENCE_MODULE and a module that fails to import."""
    project = tmp_path_factory.mktemp("evidence")
    (project / "tests").mkdir()
    (project / "tests" / "test_evidence.py").write_text(textwrap.dedent(EVIDENCE_MODULE))
    (project / "tests" / "test_broken.py").write_text("import not_a_module_anywhere\n")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:locust",
               "-p", "no:qatron", "-o", "junit_logging=all", "--continue-on-collection-errors",
               "--junitxml=out.xml", "tests"]
    subprocess.run(command, cwd=project, capture_output=True, check=False, timeout=120)
    return project / "out.xml"


@pytest.fixture(scope="module")
def found(pytest_junit: Path) -> dict[str, Failure]:
    return {failure.name: failure for failure in read_failures(pytest_junit)}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_only_failed_tests_are_read_with_their_junit_names(found: dict[str, Failure]) -> None:
    assert sorted(found) == ["test_chained", "test_during_handling",
                             "test_fails_then_teardown_errors", "test_setup", "test_teardown",
                             "tests.test_broken"]
    chained = found["test_chained"]
    assert (chained.classname, chained.name) == ("tests.test_evidence", "test_chained")
    assert chained.nodeid == "tests/test_evidence.py::test_chained"


def test_captured_log_stdout_and_stderr_are_told_apart(found: dict[str, Failure]) -> None:
    chained = found["test_chained"]
    assert re.fullmatch(r"WARNING  shop.payments:test_evidence.py:\d+ gateway slow: 2.5 s",
                        chained.log)
    assert chained.stdout == "charging 12 EUR"
    assert chained.stderr == "to stderr"
    assert "Captured" not in chained.log + chained.stdout + chained.stderr
    assert found["test_teardown"].log.endswith("about to finish")


def test_the_whole_exception_chain_is_kept(found: dict[str, Failure]) -> None:
    chained = found["test_chained"]
    assert chained.message == "ValueError: no price for GBP"
    assert "E           KeyError: 'GBP'" in chained.traceback
    assert "The above exception was the direct cause of the following exception:" in \
        chained.traceback
    assert re.search(r"\ntests/test_evidence.py:\d+: ValueError$", chained.traceback)
    handling = found["test_during_handling"].traceback
    assert "E           KeyError: 'missing'" in handling
    assert "During handling of the above exception, another exception occurred:" in handling


def test_phase_is_where_it_failed(found: dict[str, Failure]) -> None:
    assert {name: failure.phase for name, failure in found.items()} == {
        "tests.test_broken": "collection",
        "test_chained": "call",
        "test_during_handling": "call",
        "test_setup": "setup",
        "test_teardown": "teardown",
        "test_fails_then_teardown_errors": "call",  # its teardown error is a second record
    }
    broken = found["tests.test_broken"]
    assert (broken.classname, broken.message) == ("", "collection failure")
    assert "ModuleNotFoundError: No module named 'not_a_module_anywhere'" in broken.traceback
    both = found["test_fails_then_teardown_errors"]
    assert (both.message, both.attempts, both.reruns) == ("assert 1 == 2", 1, [])
    assert both.stdout == "checking the total"  # pytest writes it on the teardown record


def test_run_is_the_run_id_property_else_the_suite_and_its_timestamp(
        found: dict[str, Failure], pytest_junit: Path) -> None:
    suite = ElementTree.parse(pytest_junit).getroot().find("testsuite")
    assert suite is not None
    stamp = f"pytest@{suite.get('timestamp')}"
    assert found["test_chained"].run == "nightly-481"
    assert {name: f.run for name, f in found.items() if name != "test_chained"} == {
        name: stamp for name in found if name != "test_chained"}


def test_run_is_the_file_without_a_timestamp(tmp_path: Path) -> None:
    path = write(tmp_path, "old.xml", OLD_SECTIONS)
    (failure,) = read_failures(path)
    assert failure.run == failure.source == str(path)


def test_older_pytest_sections_and_qatron_notes(tmp_path: Path) -> None:
    (failure,) = read_failures(write(tmp_path, "old.xml", OLD_SECTIONS))
    assert failure.stdout == "connecting\ncalling"
    assert failure.log == "INFO     shop:test_a.py:9 order 7 placed"
    assert failure.stderr == "warning: slow"
    assert failure.attempts == 2  # QAtron's own note, kept out of stdout and log


def test_pytest_rerunfailures_attempts(tmp_path: Path) -> None:
    found = {f.name: f for f in read_failures(write(tmp_path, "rerun.xml", RERUNFAILURES))}
    always = found["test_always"]  # two records without a verdict, then the failure
    assert (always.attempts, always.flaky, always.message) == (3, False, "assert 503 == 200")
    flaky = found["test_flaky"]
    assert (flaky.attempts, flaky.flaky) == (2, True)
    assert flaky.reruns == ["TimeoutError: gateway took 5 s"]
    assert flaky.traceback == "E   TimeoutError: gateway took 5 s"
    reruns = found["test_reruns"]
    assert (reruns.attempts, reruns.flaky) == (3, False)
    assert reruns.message == "KeyError: 'CHF'"  # the last attempt's
    assert reruns.reruns == ["KeyError: 'GBP'", "KeyError: 'USD'"]
    assert {f.run for f in found.values()} == {"pytest@2026-11-30T09:00:00.000000+00:00"}


def test_surefire_flaky_and_rerun_failures() -> None:
    found = {f.name: f for f in read_failures(FILES / "surefire.xml")}
    assert sorted(found) == ["converts", "divides", "parses"]
    converts = found["converts"]  # <flakyError>, then passed
    assert (converts.flaky, converts.attempts, converts.phase) == (True, 2, "call")
    assert converts.reruns == ["IllegalStateException: rates service answered 503"]
    assert converts.traceback.startswith("java.lang.IllegalStateException: rates service")
    parses = found["parses"]  # <error> and two <rerunError>: failed every time
    assert (parses.flaky, parses.attempts, len(parses.reruns)) == (False, 3, 2)
    assert parses.classname == "com.example.MoneyTest"
    assert parses.message.startswith("NullPointerException: Cannot invoke")


def test_gotestsum_reruns(tmp_path: Path) -> None:
    checkout = {f.name: f for f in read_failures(FILES / "gotestsum.xml")}["TestCheckout"]
    assert (checkout.flaky, checkout.attempts, checkout.classname) == \
        (True, 2, "example.com/shop/cart")
    assert checkout.reruns == ["Failed"]
    assert "connect: connection refused" in checkout.traceback
    (refund,) = read_failures(write(tmp_path, "go.xml", GOTESTSUM_FAILED_EVERY_TIME))
    assert (refund.flaky, refund.attempts, refund.reruns) == (False, 3, ["Failed", "Failed"])
    assert "refund 3: got 500" in refund.traceback  # the last attempt's
    assert refund.run == "example.com/shop/pay@2026-11-30T09:10:00Z"
    (result,) = read_junit(tmp_path / "go.xml")
    assert (result.outcome, result.attempts) == (Outcome.FAILED, 3)


def test_qatron_results_give_the_phase() -> None:
    def phase(nodeid: str, outcome: Outcome, message: str) -> str:
        return Failure.from_result(TestResult(nodeid, outcome, message=message)).phase

    assert phase("t.py::test_a", Outcome.FAILED, "assert 1 == 2") == "call"
    assert phase("t.py::test_a", Outcome.ERROR, 'failed on setup with "x"') == "setup"
    assert phase("t.py::test_a", Outcome.ERROR, 'failed on teardown with "x"') == "teardown"
    assert phase("t.py", Outcome.ERROR, "collection failure") == "collection"
    assert Failure.from_result(TestResult("t.py::a", Outcome.FAILED), run="42").run == "42"


def test_analyze_json_shows_run_names_phase_and_flaky(pytest_junit: Path,
                                                      tmp_path: Path) -> None:
    surefire = FILES / "surefire.xml"
    done = qatron("failures", "analyze", str(pytest_junit), str(surefire), "--json", env={},
                  cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    items = {item["nodeid"]: item for item in json.loads(done.stdout)}
    fields = ("classname", "name", "phase", "flaky", "attempts", "run")
    assert {key: items["com.example.MoneyTest::converts"][key] for key in fields} == {
        "classname": "com.example.MoneyTest", "name": "converts", "phase": "call",
        "flaky": True, "attempts": 2, "run": str(surefire)}
    setup = items["tests/test_evidence.py::test_setup"]
    assert (setup["phase"], setup["flaky"], setup["attempts"]) == ("setup", False, 1)
    assert items["tests/test_evidence.py::test_chained"]["run"] == "nightly-481"
    assert items["tests/test_broken.py"]["phase"] == "collection"
