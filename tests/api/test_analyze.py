"""qatron.analyze on JUnit XML: each failed test with its category and team."""

from __future__ import annotations

from pathlib import Path

import pytest

import qatron
from tests.projects import write_project
from tests.qatron.test_junit import FILES as JUNIT_FILES

JUNIT = """\
<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="3" failures="2" errors="0">
  <testcase classname="tests.test_pay" name="test_charge" time="0.1">
    <failure message="ConnectionRefusedError: [Errno 111] Connection refused">Traceback
ConnectionRefusedError: [Errno 111] Connection refused</failure>
  </testcase>
  <testcase classname="tests.test_pay" name="test_refund" time="0.1">
    <failure message="AssertionError: card declined by the PSP">card declined</failure>
  </testcase>
  <testcase classname="tests.test_pay" name="test_ok" time="0.1"/>
</testsuite></testsuites>
"""


@pytest.fixture
def junit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no owners files of this repository route the failures
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT, encoding="utf-8")
    return path


def test_the_project_s_rules_and_routing_decide_category_and_team(
        junit: Path, tmp_path: Path) -> None:
    root = write_project(tmp_path / "shop", """
        project: shop
        suites: {all: {}}
        failure_analysis:
          categories: [{name: payment_declined, patterns: ["card declined"]}]
          routing: {payment_declined: payments-team, network: platform-team}
    """, {})

    failures = qatron.analyze(junit, project=root)

    assert [(f.nodeid, f.category, f.team) for f in failures] == [
        ("tests/test_pay.py::test_charge", "upstream_unreachable", "platform-team"),
        ("tests/test_pay.py::test_refund", "payment_declined", "payments-team")]
    assert all(isinstance(f, qatron.FailedTest) and f.source == str(junit) and f.cluster
               for f in failures)
    assert "Connection refused" in failures[0].message


def test_without_a_project_the_built_in_categories_and_the_default_team(junit: Path) -> None:
    failures = qatron.analyze([str(junit), JUNIT_FILES / "jest-junit.xml"])

    charge = failures[0]
    assert (charge.category, charge.team) == ("upstream_unreachable", "qa")
    assert failures[1].category != "payment_declined"
    assert any(f.source.endswith("jest-junit.xml") for f in failures)


def test_no_files_or_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(qatron.ConfigError, match="give one or more JUnit XML files"):
        qatron.analyze([])
    with pytest.raises(qatron.ConfigError, match="missing.xml"):
        qatron.analyze(tmp_path / "missing.xml")
