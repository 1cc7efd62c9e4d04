"""Failure analysis on real failures: benchmarks/failure_corpus run through QAtron's runner."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from qatron.config import FailureAnalysis, FailureCategory
from qatron.exit_codes import EXIT_USAGE
from qatron.failures import Analyser, Failure, read_failures
from qatron.failures.analyse import recall
from qatron.failures.categories import categorise
from qatron.failures.clusters import normalise
from qatron.models import TestResult
from tests.failures.corpus import failures, label, run_corpus
from tests.projects import qatron
from tests.qatron.test_junit import FILES as JUNIT_FILES
from tests.qatron.test_junit import entity_bomb


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> list[list[TestResult]]:
    """The corpus run twice: its ids, ports, paths and times differ between the runs."""
    return [run_corpus(tmp_path_factory.mktemp(f"corpus-{n}")) for n in range(2)]


CATEGORIES = ["upstream_unreachable", "database_unavailable", "credentials_refused",
              "wrong_behaviour", "upstream_5xx", "slow_upstream", "schema_drift",
              "integrity_violation", "product_bug", "missing_dependency", "test_harness",
              "infrastructure", "flaky"]


def test_every_built_in_category_is_found_in_real_failures(
        two_runs: list[list[TestResult]]) -> None:
    analysis = Analyser().analyse(failures(two_runs[0]))
    assert len(analysis.failures) == 26  # every corpus test failed or was flaky
    wrong = [(i.failure.nodeid, i.category, i.evidence) for i in analysis.failures
             if i.category != label(i.failure.nodeid)[0]]
    assert wrong == []
    assert set(CATEGORIES) <= {item.category for item in analysis.failures}
    assert all(item.evidence and 0 < item.confidence <= 1 for item in analysis.failures)


def test_same_causes_cluster_together_across_runs_and_tests(
        two_runs: list[list[TestResult]]) -> None:
    analysis = Analyser().analyse(failures(two_runs[0] + two_runs[1]))
    by_cause: dict[str, set[str]] = {}
    for item in analysis.failures:
        by_cause.setdefault(label(item.failure.nodeid)[1], set()).add(item.cluster)
    split = {cause: clusters for cause, clusters in by_cause.items() if len(clusters) > 1}
    assert split == {}  # each cause is one cluster, though its volatile values differed
    clusters_of = {cluster.id: cluster for cluster in analysis.clusters}
    refused = clusters_of[next(iter(by_cause["upstream_unreachable:closed_port"]))]
    assert refused.count == 6 and len(set(refused.tests)) == 3  # 3 tests x 2 runs
    assert "nothing accepted the connection to 127.0.0.1:" in refused.suggestion
    causes = {cause: next(iter(ids)) for cause, ids in by_cause.items()}
    # a raw socket and an HTTP client refused alike are one cause, whatever the wrapper
    assert causes["upstream_unreachable:closed_port"] == \
        causes["upstream_unreachable:socket_refused"]
    assert causes["wrong_behaviour:vat"] != causes["upstream_5xx:server_error"]


def test_user_rules_come_before_the_built_ins(two_runs: list[list[TestResult]]) -> None:
    config = FailureAnalysis(
        categories=[FailureCategory(name="payments_down", patterns=[r"Connection refused"])],
        routing={"payments_down": "payments-team"})
    analysis = Analyser(config).analyse(failures(two_runs[0]))
    refused = [i for i in analysis.failures if "closed_port" in i.failure.nodeid]
    assert {(i.category, i.team) for i in refused} == {("payments_down", "payments-team")}
    assert "qatron.yml rule 'payments_down'" in refused[0].evidence
    others = [i for i in analysis.failures if "vat" in i.failure.nodeid]
    assert {i.category for i in others} == {"wrong_behaviour"}


def test_codeowners_route_by_product_frame_then_test_file(
        two_runs: list[list[TestResult]], tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / ".github").mkdir(parents=True)
    (root / ".github" / "CODEOWNERS").write_text(
        "* @qa-leads\n/tests/ @test-guild\nshop/orders.py @orders-team\n")
    analysis = Analyser(FailureAnalysis(routing={"timeout": "sre"}), root).analyse(
        failures(two_runs[0]))
    team = {i.failure.nodeid.rsplit("::", 1)[1]: (i.team, i.team_evidence)
            for i in analysis.failures}
    assert team["test_product_bug__quantity_1"][0] == "orders-team"  # raised in shop/orders.py
    assert "CODEOWNERS:3" in team["test_product_bug__quantity_1"][1]
    assert team["test_missing_dependency__import"][0] == "test-guild"
    # routing by a category name of earlier versions still applies
    assert team["test_slow_upstream__slow_1"] == ("sre", "routing: timeout -> sre")
    assert Analyser().team(Failure(nodeid="x.py::t"), "unknown") == ("qa", "default team")


def test_unhealthy_services_and_a_500_inside_an_assertion() -> None:
    sick = Failure(nodeid="tests/test_a.py::t", message="AssertionError: assert 0 == 3",
                   services={"payments": "HTTP 503 from /health", "users": "ok"})
    assert categorise(sick).category == "upstream_5xx"
    refused = Failure(nodeid="tests/test_a.py::t",
                      message="AssertionError: POST failed: Connection refused")
    assert categorise(refused).category == "upstream_unreachable"


def test_volatile_values_are_masked() -> None:
    assert normalise("order 7f3a9c2e-1111-2222-3333-444455556666 at 2026-11-22T10:00:01Z "
                     "from 10.0.0.7:5432 in /tmp/pytest-of-ci/pytest-3/x obj 0x7f1a") == \
        "order <uuid> at <time> from <ip> in <tmp> obj <addr>"
    assert normalise("assert 500 == 200") == "assert 500 == 200"  # statuses stay


def test_a_cluster_remembers_earlier_runs(two_runs: list[list[TestResult]]) -> None:
    first = Analyser().analyse(failures(two_runs[0]), seen_at=1000.0)
    second = Analyser().analyse(failures(two_runs[1]), seen_at=2000.0)
    recall(second.clusters, [(1000.0, [c.to_json() for c in first.clusters])])
    assert {(c.first_seen, c.last_seen, c.runs) for c in second.clusters} == {(1000.0, 2000.0, 2)}
    recall(second.clusters, [(500.0, [{"id": "another-cause"}])])
    assert {c.runs for c in second.clusters} == {2}


def test_other_runners_errors_are_failures_in_the_test_body() -> None:
    found = {f.nodeid: f for f in read_failures(JUNIT_FILES / "surefire.xml")}
    assert sorted(found) == ["com.example.MoneyTest::converts",  # flaky: passed on a rerun
                             "com.example.MoneyTest::divides", "com.example.MoneyTest::parses"]
    parses = found["com.example.MoneyTest::parses"]  # an <error>: the test body raised
    assert (parses.phase, parses.attempts) == ("call", 3)
    assert parses.source == str(JUNIT_FILES / "surefire.xml")
    assert parses.message.startswith("NullPointerException: Cannot invoke")
    (analysed,) = Analyser().analyse([parses]).failures
    assert (analysed.category, analysed.evidence) == (
        "test_harness", "NullPointerException raised in test code at MoneyTest.java:26")


def test_failures_analyze_refuses_an_entity_bomb_quickly(tmp_path: Path) -> None:
    bomb = entity_bomb(tmp_path / "bomb.xml", cases=100)  # 1.5 MB expanding to 100 MB
    started = time.monotonic()
    done = qatron("failures", "analyze", str(bomb), env={}, cwd=tmp_path, timeout=120)
    assert done.returncode == EXIT_USAGE
    assert done.stderr.startswith(f"error: {bomb}: a <!DOCTYPE testsuites> declaration")
    assert "Traceback" not in done.stderr and time.monotonic() - started < 30


def test_failures_analyze_leaves_the_results_store_alone(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    report.write_text('<testsuite><testcase classname="t" name="test_a"><failure message="x"/>'
                      '</testcase></testsuite>')
    script = ("import sys; from qatron.cli import main; sys.argv = ['qatron', 'failures', "
              f"'analyze', {str(report)!r}, '--json']\n"
              "try:\n    main()\nfinally:\n"
              "    print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy' "
              "or m.startswith('qatron.store')), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_go_frames_have_no_function_name_and_still_analyse() -> None:
    found = Analyser().analyse(read_failures(JUNIT_FILES / "gotestsum.xml")).failures
    assert {(f.failure.name, f.category) for f in found} == {
        ("TestRemove", "wrong_behaviour"), ("TestCheckout", "flaky"),
        ("TestMain", "wrong_behaviour")}
