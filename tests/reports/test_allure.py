"""Allure results of real runs: a small project run twice through the run-suite flow (with
``results: {allure: true}``), its results checked field by field, then the real
``allure generate`` (npm's allure-commandline, `make system-deps`) on both runs: counts,
categories and the history the second report carries over from the first."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from flows.run_suite import run_suite
from qatron.allure import REPORT_DIR, RESULTS_DIR, find_allure, generate_report
from qatron.allure.categories import matches
from qatron.allure.model import md5
from qatron.failures.categories import CATEGORIES
from qatron.models import RunSummary
from qatron.options import RunOptions
from qatron.run import open_run
from qatron.store import ResultsStore, StoredFailure
from tests.projects import qatron, write_project

pytestmark = pytest.mark.usefixtures("prefect_api_url")

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082")
PROJECT = """
    project: allurep
    suites: {all: {retries: 1, layer: api}}
    results: {allure: true}
"""
FILES = {
    "CODEOWNERS": "tests/ @qa-core\n",
    "pytest.ini": "[pytest]\nmarkers =\n    payments: payment tests\n",
    "shopcore/__init__.py": "",
    "shopcore/prices.py": """
        def price(item):
            return {"mug": 12}[item]
    """,
    "tests/test_shop.py": """
        import os
        from pathlib import Path

        import pytest

        from shopcore.prices import price


        def test_passes():
            assert price("mug") == 12


        def test_wrong_total(record_property):
            folder = Path(os.environ["QATRON_EVIDENCE_DIR"]) / "wrong_total"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "screenshot.png").write_bytes(bytes.fromhex("PNG_HEX"))
            (folder / "page.html").write_text("<html><body>total 13</body></html>")
            record_property("attachment", str(folder / "screenshot.png"))
            record_property("attachment", str(folder / "page.html"))
            assert price("mug") + 1 == 12, "the total is off by one"


        def test_unknown_item():
            price("teapot")


        @pytest.mark.skip(reason="no refunds yet")
        def test_refund():
            assert price("refund") == 0  # skipped: never run


        def test_flaky():
            marker = Path(__file__).with_name("attempted")
            if not marker.exists():
                marker.write_text("1")
                assert False, "first attempt fails"
            marker.unlink()


        class TestCurrency:
            @pytest.mark.payments
            @pytest.mark.parametrize("currency,rate", [("eur", 1), ("usd", 2)])
            def test_rate(self, currency, rate):
                assert rate >= 1
    """.replace("PNG_HEX", PNG.hex()),
}
NAMES = {"test_passes": "passed", "test_wrong_total": "failed", "test_unknown_item": "broken",
         "test_refund": "skipped", "test_flaky": "passed", "test_rate[eur-1]": "passed",
         "test_rate[usd-2]": "passed"}


@dataclass
class Run:
    summary: RunSummary
    failures: list[StoredFailure]
    results: dict[str, dict[str, Any]]  # by name
    folder: Path

    @property
    def out(self) -> Path:
        return self.folder / RESULTS_DIR


def _execute(project: Path) -> Run:
    ctx = open_run(project, RunOptions("all", "local"))
    run_suite(suite="all", env="local", project=str(project), run_id=ctx.run_id,
              return_state=True)
    with ResultsStore(ctx.database_url) as store:
        summary = store.load_summary(ctx.run_id)
        failures = store.run_failures(ctx.run_id)
    assert summary is not None
    return Run(summary, failures, _read_results(ctx.run_dir / RESULTS_DIR), ctx.run_dir)


def _read_results(out: Path) -> dict[str, dict[str, Any]]:
    documents = [json.loads(path.read_text()) for path in out.glob("*-result.json")]
    return {document["name"]: document for document in documents}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Run, Path]:
    """Two runs; the first's report generated between them, the second's by the command."""
    find_allure()  # no Allure here is an error of the test, never a skip
    project = write_project(tmp_path_factory.mktemp("allure") / "p", PROJECT, FILES)
    first = _execute(project)
    generate_report(first.out, first.folder / REPORT_DIR)
    second = _execute(project)
    return first, second, project


def test_each_result_has_allure_pytest_fields(runs: tuple[Run, Run, Path]) -> None:
    _, second, _ = runs
    results = second.results
    assert {name: r["status"] for name, r in results.items()} == NAMES
    wrong = results["test_wrong_total"]
    assert wrong["fullName"] == "tests.test_shop#test_wrong_total"
    assert wrong["testCaseId"] == md5("tests.test_shop#test_wrong_total") == wrong["historyId"]
    assert wrong["statusDetails"]["message"].startswith("AssertionError: the total is off by one")
    assert "assert (12 + 1) == 12" in wrong["statusDetails"]["trace"]
    assert wrong["stage"] == "finished" and 0 < wrong["start"] <= wrong["stop"]
    assert wrong["stop"] - wrong["start"] < 60_000
    assert f"{wrong['uuid']}-result.json" in {p.name for p in second.out.iterdir()}
    assert "KeyError: 'teapot'" in results["test_unknown_item"]["statusDetails"]["message"]
    assert results["test_refund"]["statusDetails"]["message"] == "no refunds yet"
    assert results["test_flaky"]["statusDetails"]["flaky"] is True
    assert not any(r["statusDetails"]["flaky"] for n, r in results.items() if n != "test_flaky")


def test_labels_come_from_the_node_id_the_suite_and_the_owners(
        runs: tuple[Run, Run, Path]) -> None:
    _, second, _ = runs
    teams = {failure.nodeid.split("::")[-1]: failure.team for failure in second.failures}
    rate = _labels(second.results["test_rate[usd-2]"])
    assert rate["parentSuite"] == ["tests"] and rate["suite"] == ["test_shop"]
    assert rate["subSuite"] == ["TestCurrency"] and rate["package"] == ["tests.test_shop"]
    assert rate["layer"] == ["api"] and rate["owner"] == ["@qa-core"]
    assert rate["tag"] == ["payments"]
    passes = _labels(second.results["test_passes"])
    assert "subSuite" not in passes and "tag" not in passes
    assert _labels(second.results["test_unknown_item"])["owner"] == [teams["test_unknown_item"]]


def test_parametrised_tests_have_parameters_and_their_own_history(
        runs: tuple[Run, Run, Path]) -> None:
    first, second, _ = runs
    eur, usd = second.results["test_rate[eur-1]"], second.results["test_rate[usd-2]"]
    assert eur["fullName"] == usd["fullName"] == "tests.test_shop.TestCurrency#test_rate"
    assert eur["testCaseId"] == usd["testCaseId"] != eur["historyId"] != usd["historyId"]
    assert usd["parameters"] == [{"name": "id", "value": "usd-2"}]
    assert second.results["test_passes"]["parameters"] == []
    for name, result in second.results.items():  # stable across runs, new uuids
        assert first.results[name]["historyId"] == result["historyId"]
        assert first.results[name]["uuid"] != result["uuid"]


def test_evidence_is_attached_as_files_of_its_own(runs: tuple[Run, Run, Path]) -> None:
    _, second, _ = runs
    attachments = {a["name"]: a for a in second.results["test_wrong_total"]["attachments"]}
    assert attachments["screenshot.png"]["type"] == "image/png"
    assert attachments["page.html"]["type"] == "text/html"
    assert re.fullmatch(r"[0-9a-f-]{36}-attachment\.png", attachments["screenshot.png"]["source"])
    assert (second.out / attachments["screenshot.png"]["source"]).read_bytes() == PNG
    assert "total 13" in (second.out / attachments["page.html"]["source"]).read_text()
    assert not any(a["name"].endswith(".png") for a in second.results["test_passes"]["attachments"])


def test_categories_are_the_stored_failure_causes(runs: tuple[Run, Run, Path]) -> None:
    _, second, _ = runs
    categories = json.loads((second.out / "categories.json").read_text())
    causes = {failure.nodeid.split("::")[-1]: failure.category for failure in second.failures}
    assert set(causes) == {"test_wrong_total", "test_unknown_item", "test_flaky"}
    assert causes["test_flaky"] == "flaky"
    assert {c["name"] for c in categories} == set(causes.values())
    assert all(c["description"] == CATEGORIES[c["name"]] for c in categories)
    for name, result in second.results.items():  # each result in its own cause only
        details = result["statusDetails"]
        found = [c["name"] for c in categories
                 if matches(c, result["status"], details["trace"], details["flaky"])]
        assert found == ([causes[name]] if name in causes else []), name


def test_environment_executor_and_history(runs: tuple[Run, Run, Path]) -> None:
    first, second, _ = runs
    environment = (second.out / "environment.properties").read_text()
    assert "project=allurep\nsuite=all\nenvironment=local\n" in environment
    assert f"run={second.summary.run_id}\n" in environment
    executor = json.loads((second.out / "executor.json").read_text())
    assert executor["name"] == "QAtron" and executor["buildOrder"] == second.summary.run_id
    assert executor["reportUrl"] == (second.folder / REPORT_DIR).resolve().as_uri()
    assert executor["buildUrl"] == (second.folder / "report.html").resolve().as_uri()
    assert not (first.out / "history").exists()
    assert (second.out / "history" / "history-trend.json").is_file()


def test_generated_reports_count_categories_and_carry_history(
        runs: tuple[Run, Run, Path]) -> None:
    first, second, project = runs
    done = qatron("report", "allure", str(second.summary.run_id), "--project", str(project),
                  "--generate", env={})
    assert done.returncode == 0, done.stderr
    assert "7 Allure result(s), 2 attachment(s), 3 categor(ies), the previous report's " \
        "history" in done.stderr

    report = second.folder / REPORT_DIR
    statistic = json.loads((report / "widgets" / "summary.json").read_text())["statistic"]
    assert statistic == {"failed": 1, "broken": 1, "skipped": 1, "passed": 4, "unknown": 0,
                         "total": 7}
    categories = json.loads((report / "data" / "categories.json").read_text())
    by_name = {c["name"]: c for c in categories["children"]}
    causes = {f.nodeid.split("::")[-1]: f.category for f in second.failures}
    assert set(by_name) == set(causes.values())
    for name, cause in causes.items():
        tests = [t["name"] for group in by_name[cause]["children"] for t in group["children"]]
        assert tests == [name]
    trend = json.loads((report / "history" / "history-trend.json").read_text())
    assert [entry["buildOrder"] for entry in trend] == [second.summary.run_id,
                                                      first.summary.run_id]
    assert [entry["data"]["total"] for entry in trend] == [7, 7]
    cases = _test_cases(report)
    wrong = cases["test_wrong_total"]
    assert wrong["extra"]["history"]["statistic"]["failed"] == 2
    assert [a["name"] for a in wrong["testStage"]["attachments"]] == ["screenshot.png",
                                                                      "page.html"]
    assert cases["test_flaky"]["flaky"] is True
    assert cases["test_rate[usd-2]"]["parameterValues"] == ["usd-2"]


def test_generate_without_allure_says_how_to_install_it(runs: tuple[Run, Run, Path]) -> None:
    _, second, project = runs
    done = qatron("report", "allure", str(second.summary.run_id), "--project", str(project),
                  "--generate", env={"QATRON_ALLURE": str(project / "no-allure")})
    assert done.returncode != 0
    assert "QATRON_ALLURE" in done.stderr and "not an executable file" in done.stderr


def _labels(result: dict[str, Any]) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for item in result["labels"]:
        labels.setdefault(item["name"], []).append(item["value"])
    return labels


def _test_cases(report: Path) -> dict[str, dict[str, Any]]:
    """The generated report's test cases by name."""
    cases = [json.loads(path.read_text()) for path in (report / "data" / "test-cases").iterdir()]
    return {case["name"]: case for case in cases}
