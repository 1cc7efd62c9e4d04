"""The merged JUnit XML writer, and the file read back by qatron.junit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from qatron.junit import junit_nodeid, read_junit
from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from reports.junit import (
    SHARD_CLASSNAME,
    UNSTABLE_IDS_PROPERTY,
    split_nodeid,
    write_junit,
    xml_text,
)

COUNT_KEYS = ("tests", "failures", "errors", "skipped")
TESTCASE_CHILDREN = {"failure", "error", "skipped", "system-out", "system-err"}
TESTSUITE_CHILDREN = {"properties", "testcase", "system-out", "system-err"}


def assert_junit_structure(root: ET.Element) -> None:
    """Check what CI parsers (Jenkins, GitLab, dorny, Azure) rely on.

    The xunit2 shape: testsuites > testsuite > properties/testcase, no
    properties inside a testcase, one verdict per testcase, float times and
    counts that match the children.
    """
    assert root.tag == "testsuites"
    suites = list(root)
    assert all(suite.tag == "testsuite" for suite in suites)
    for suite in suites:
        assert {child.tag for child in suite} <= TESTSUITE_CHILDREN
        assert suite.get("name")
        assert float(suite.get("time")) >= 0
        cases = suite.findall("testcase")
        for case in cases:
            assert {child.tag for child in case} <= TESTCASE_CHILDREN
            assert case.get("name") and case.get("classname") is not None
            assert float(case.get("time")) >= 0
            verdicts = [c for c in case if c.tag in ("failure", "error", "skipped")]
            assert len(verdicts) <= 1
        assert int(suite.get("tests")) == len(cases)
        for key, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
            assert int(suite.get(key)) == sum(1 for case in cases if case.find(tag) is not None)
        for prop in suite.iter("property"):
            assert set(prop.attrib) == {"name", "value"}
    for key in COUNT_KEYS:
        assert int(root.get(key)) == sum(int(suite.get(key)) for suite in suites)


@pytest.fixture
def junit_root(summary: RunSummary, tmp_path: Path) -> ET.Element:
    return ET.parse(write_junit(summary, tmp_path / "out" / "junit.xml")).getroot()


def find_case(root: ET.Element, name: str) -> ET.Element:
    matches = [case for case in root.iter("testcase") if case.get("name") == name]
    assert len(matches) == 1, name
    return matches[0]


def test_file_is_well_formed_with_consistent_counts(junit_root: ET.Element) -> None:
    assert_junit_structure(junit_root)
    # 12 results plus one synthetic error for the infra_failed shard.
    assert {key: junit_root.get(key) for key in COUNT_KEYS} == {
        "tests": "13",
        "failures": "1",
        "errors": "2",
        "skipped": "2",
    }
    assert junit_root.get("name") == "shop Regression Suite"
    assert float(junit_root.get("time")) == pytest.approx(62.0)


def test_one_testsuite_per_shard(junit_root: ET.Element) -> None:
    suites = junit_root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "Regression Suite shard 1/3",
        "Regression Suite shard 2/3",
        "Regression Suite shard 3/3",
    ]
    assert [s.get("tests") for s in suites] == ["7", "5", "1"]
    for suite in suites:
        assert suite.get("hostname")
        assert datetime.fromisoformat(suite.get("timestamp")).tzinfo is not None


def test_suite_properties_carry_run_metadata(junit_root: ET.Element) -> None:
    suite = junit_root.find("testsuite")
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["qatron.run_id"] == "42"
    assert properties["qatron.suite"] == "Regression Suite"
    assert properties["qatron.environment"] == "staging_EU"
    assert properties["qatron.branch"] == "feature/refunds"
    assert properties["qatron.commit"].startswith("0123456789abcdef")
    assert properties["qatron.status"] == "failed"
    assert properties["qatron.shard_status"] == "passed"


def test_testcase_attributes_come_from_the_nodeid(junit_root: ET.Element) -> None:
    case = find_case(junit_root, "test_add[1-2]")
    assert case.attrib == {
        "classname": "tests.unit.test_money.TestAdd",
        "name": "test_add[1-2]",
        "file": "tests/unit/test_money.py",
        "time": "0.800",
    }


@pytest.mark.parametrize(
    ("nodeid", "expected"),
    [
        (
            "tests/unit/test_money.py::TestAdd::test_x[1-2]",
            ("tests.unit.test_money.TestAdd", "test_x[1-2]", "tests/unit/test_money.py"),
        ),
        ("tests/test_a.py::test_b", ("tests.test_a", "test_b", "tests/test_a.py")),
        ("test_a.py::TestA::()::test_b", ("test_a.TestA", "test_b", "test_a.py")),
        ("test_a.py::test_p[a::b]", ("test_a", "test_p[a::b]", "test_a.py")),
        ("tests/test_broken.py", ("", "tests.test_broken", "tests/test_broken.py")),
        (
            "src/cart.test.js::adds an item",
            ("src.cart.test.js", "adds an item", "src/cart.test.js"),
        ),
    ],
)
def test_split_nodeid(nodeid: str, expected: tuple[str, str, str]) -> None:
    assert split_nodeid(nodeid) == expected


@pytest.mark.parametrize(
    "nodeid",
    ["tests/unit/test_money.py::TestAdd::test_x[1-2]", "tests/test_a.py::test_b",
     "test_a.py::test_p[a::b]", "tests/test_broken.py", "test_broken.py",
     "src/cart.test.js::adds an item"],
)
def test_written_nodeids_read_back(nodeid: str) -> None:
    assert junit_nodeid(*split_nodeid(nodeid)) == nodeid


def test_failure_carries_message_type_and_traceback(junit_root: ET.Element, tmp_path: Path) -> None:
    failure = find_case(junit_root, "test_refund_partial").find("failure")
    assert failure.get("type") == "AssertionError"
    assert failure.get("message") == 'AssertionError: <script>alert("x")</script> & more'
    assert failure.text.startswith("self = <tests.api.test_payments.TestRefund")
    assert failure.text.endswith("tests/api/test_payments.py:41: AssertionError")


def test_markup_in_test_text_is_escaped_in_the_file(summary: RunSummary, tmp_path: Path) -> None:
    raw = write_junit(summary, tmp_path / "junit.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw
    assert "&lt;script&gt;alert" in raw
    assert "&amp; more" in raw


def test_error_skip_and_xfail_verdicts(junit_root: ET.Element) -> None:
    error = find_case(junit_root, "test_gateway_timeout").find("error")
    assert error.get("type") == "ConnectionError"
    assert error.text == "fixture 'gateway' raised ConnectionError"
    skipped = find_case(junit_root, "test_legacy").find("skipped")
    assert (skipped.get("type"), skipped.get("message")) == ("pytest.skip", "legacy API removed")
    xfailed = find_case(junit_root, "test_known_bug").find("skipped")
    assert xfailed.get("type") == "pytest.xfail"
    assert list(find_case(junit_root, "test_xpass")) == []


def test_flaky_test_passes_with_a_note_in_system_out(junit_root: ET.Element) -> None:
    case = find_case(junit_root, "test_create_order")
    assert [child.tag for child in case] == ["system-out"]
    assert case.find("system-out").text.splitlines() == [
        "[qatron] flaky: passed on attempt 2",
        "attempt 1: 503 from orders-api",
        "attempt 2: 201 Created",
    ]
    assert not any(c.find("properties") is not None for c in junit_root.iter("testcase"))


def test_repeated_failure_notes_its_attempts(junit_root: ET.Element) -> None:
    out = find_case(junit_root, "test_refund_partial").find("system-out").text
    assert out.splitlines() == ["[qatron] attempts: 3", "POST /refunds -> 200"]


def test_broken_shard_becomes_an_error_testcase(junit_root: ET.Element) -> None:
    suite = junit_root.findall("testsuite")[2]
    (case,) = suite.findall("testcase")
    assert case.get("classname") == SHARD_CLASSNAME
    assert case.get("name") == "shard 3/3 (infra_failed)"
    error = case.find("error")
    assert error.get("type") == "infra_failed"
    assert "pod evicted: node <ip-10-0-0-1> & out of memory" in error.get("message")
    assert "tests not run: 3" in error.text
    assert "  tests/ui/test_profile.py::test_avatar" in error.text.splitlines()


def test_control_characters_are_stripped(tmp_path: Path) -> None:
    dirty = "a\x00b\x07c\x1b[31mred\x1b[0m\x0b\ud800 ok\ufffe\tend\n"
    result = TestResult(
        nodeid="tests/test_x.py::test_\x01dirty",
        outcome=Outcome.FAILED,
        message=dirty,
        traceback=dirty,
        output_tail=dirty,
    )
    shard = ShardResult(index=1, count=1, status=ShardStatus.FAILED, results=[result])
    summary = RunSummary(
        run_id=1, project="p", suite="s", environment="e", status=RunStatus.FAILED, shards=[shard]
    )
    path = write_junit(summary, tmp_path / "junit.xml")
    root = ET.fromstring(path.read_bytes())  # raises on any illegal character
    case = root.find("testsuite/testcase")
    assert case.get("name") == "test_dirty"
    assert case.find("failure").get("message") == "abcred ok\tend\n"
    assert case.find("failure").text == "abcred ok\tend\n"
    assert case.find("system-out").text == "abcred ok\tend\n"


def test_xml_text_keeps_legal_unicode() -> None:
    assert xml_text("naïve ✓ \U0001f600 \r\n") == "naïve ✓ \U0001f600 \r\n"
    assert xml_text(None) == ""


def test_empty_run_writes_an_empty_testsuites(empty_summary: RunSummary, tmp_path: Path) -> None:
    root = ET.parse(write_junit(empty_summary, tmp_path / "junit.xml")).getroot()
    assert_junit_structure(root)
    assert root.get("tests") == "0"
    assert "timestamp" not in root.attrib


def test_round_trip_preserves_results(summary: RunSummary, tmp_path: Path) -> None:
    read = read_junit(write_junit(summary, tmp_path / "junit.xml"), shard_index=5)
    by_nodeid = {r.nodeid: r for r in read}
    shard_case = by_nodeid.pop(f"{SHARD_CLASSNAME}::shard 3/3 (infra_failed)")
    assert shard_case.outcome is Outcome.ERROR
    originals = {r.nodeid: r for r in summary.results}
    assert by_nodeid.keys() == originals.keys()
    for nodeid, result in by_nodeid.items():
        original = originals[nodeid]
        # JUnit has no "xpassed": like pytest's own XML it reads back as passed.
        expected = Outcome.PASSED if original.outcome is Outcome.XPASSED else original.outcome
        assert result.outcome is expected, nodeid
        assert (result.flaky, result.attempts) == (original.flaky, original.attempts), nodeid
        assert result.duration == pytest.approx(original.duration, abs=1e-3)
        assert result.output_tail == xml_text(original.output_tail).strip(), nodeid
        assert result.shard_index == 5
    login = by_nodeid["tests/ui/test_login.py::test_login_sso[chrome]"]
    assert login.output_tail == "login as qa-bot done"
    failed = by_nodeid["tests/api/test_payments.py::TestRefund::test_refund_partial"]
    assert failed.message == 'AssertionError: <script>alert("x")</script> & more'
    assert failed.traceback.endswith("AssertionError")


def test_a_test_run_under_a_new_id_is_noted_listed_and_read_back(tmp_path: Path) -> None:
    planned = ["tests/test_t.py::test_at[111]", "tests/test_t.py::test_other"]
    moved = TestResult("tests/test_t.py::test_at[222]", Outcome.PASSED, 0.5, shard_index=1,
                       output_tail="hello", unstable_id=True)
    shard = ShardResult(index=1, count=1, status=ShardStatus.INFRA_FAILED, nodeids=planned,
                        results=[moved], exit_code=-9, message="killed")
    summary = RunSummary(run_id=1, project="p", suite="s", environment="e",
                         status=RunStatus.INFRA_FAILED, shards=[shard])
    path = write_junit(summary, tmp_path / "junit.xml")
    root = ET.parse(path).getroot()
    assert_junit_structure(root)

    properties = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert json.loads(properties[UNSTABLE_IDS_PROPERTY]) == [moved.nodeid]
    case = find_case(root, "test_at[222]")
    assert case.find("system-out").text.splitlines() == [
        "[qatron] id not stable between processes: planned under another id", "hello"]
    # The planned id it ran for is not listed as not run; the other one is.
    error = find_case(root, "shard 1/1 (infra_failed)").find("error").text
    assert "tests not run: 1" in error and "tests/test_t.py::test_other" in error
    assert "test_at[111]" not in error

    read = {r.nodeid: r for r in read_junit(path)}
    assert read[moved.nodeid].unstable_id and read[moved.nodeid].output_tail == "hello"
    assert not any(r.unstable_id for r in read.values() if r.nodeid != moved.nodeid)


def test_no_unstable_ids_property_without_such_tests(junit_root: ET.Element) -> None:
    assert UNSTABLE_IDS_PROPERTY not in {p.get("name") for p in junit_root.iter("property")}
