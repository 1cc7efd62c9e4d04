"""The features section of the HTML report."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from qatron.features import run_features_status, statuses_from_results
from qatron.models import RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from reports.html import render_html


def _summary(results: list[TestResult]) -> RunSummary:
    return RunSummary(run_id=7, project="shop", suite="checkout", environment="local",
                      status=RunStatus.FAILED,
                      shards=[ShardResult(1, 1, ShardStatus.FAILED, results=results)])


def test_statuses_from_the_results_alone(ran: tuple[Path, list[TestResult], list[str]]) -> None:
    _, results, _ = ran
    [feature] = statuses_from_results(results)
    assert feature.path == "features/checkout.feature"
    assert [(s.name, s.status, len(s.tests)) for s in feature.scenarios] == [
        ("Pay with a valid card", "passed", 1),
        ("Pay with a declined card", "failed", 1),
        ("Pay by <method>", "failed", 2),
    ]
    # pytest-bdd's failure names the step it found no definition for.
    assert [(u.line, u.text) for u in feature.undefined] == [(20, "I pay by cash")]


def test_the_report_shows_features_escaped(ran: tuple[Path, list[TestResult], list[str]]) -> None:
    _, results, _ = ran
    page = render_html(_summary(results))
    assert "<h2>Feature: features/checkout.feature</h2>" in page
    assert "Pay by &lt;method&gt;" in page and "Pay by <method>" not in page
    assert "1 passed, 2 failed, 0 not run" in page
    assert "<code>features/checkout.feature:20</code> I pay by cash" in page


def test_no_features_section_without_scenarios(
        ran: tuple[Path, list[TestResult], list[str]]) -> None:
    _, results, _ = ran
    page = render_html(_summary([replace(r, scenario=None) for r in results]))
    assert "<h2>Feature: " not in page


def test_a_runs_features_keep_the_scenarios_it_did_not_run(
        ran: tuple[Path, list[TestResult], list[str]], tmp_path: Path) -> None:
    app, results, _ = ran
    copy = shutil.copytree(app, tmp_path / "app")
    (copy / "features" / "refunds.feature").write_text(
        "Feature: Refunds\n  Scenario: Refund a payment\n    Given a payment\n")
    [feature] = run_features_status(copy, results)  # refunds: no scenario of it ran
    assert [(s.name, s.status) for s in feature.scenarios][-1] == ("Pay with a voucher",
                                                                    "not run")
    page = render_html(replace(_summary(results), features=[feature]))
    assert "1 passed, 2 failed, 1 not run" in page and "Refunds" not in page

    (copy / "features" / "refunds.feature").write_text(
        "Feature: Refunds\n  Scenario: one\n    Given a step\n  Sceanrio: typo\n")
    assert run_features_status(copy, results) == statuses_from_results(results)
