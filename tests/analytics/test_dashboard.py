"""The quality dashboard, opened in real headless Chromium: every suite's figures drawn
offline, metrics with their status, anomalies and insights; data escaped."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from qatron.analytics import Insight, ProjectQuality, Severity
from reports.dashboard import render_dashboard, write_dashboard
from tests.analytics.conftest import REFUND


@pytest.mark.browser
def test_the_dashboard_draws_every_suite_in_chromium(driver: WebDriver, quality: ProjectQuality,
                                                     tmp_path: Path) -> None:
    page = write_dashboard(quality, tmp_path / "dashboard.html")
    driver.get(page.as_uri())
    assert driver.execute_script("return typeof window.Plotly") == "object"  # embedded, offline
    plots = driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")
    assert len(plots) == 1 + 7  # the overview and each suite's trends
    assert all(plot.find_elements(By.CSS_SELECTOR, "svg.main-svg") for plot in plots)
    sections = driver.find_elements(By.CSS_SELECTOR, "section.scope")
    assert sorted(s.get_attribute("data-suite") or "" for s in sections) == [
        "drop", "flaky", "growth", "recurring", "slower", "steady", "trend"]

    def status(suite: str, metric: str) -> str:
        tile = driver.find_element(By.CSS_SELECTOR, f'section[data-suite="{suite}"] '
                                                    f'.metric[data-metric="{metric}"]')
        return tile.get_attribute("data-status") or ""

    assert status("steady", "pass_rate") == "good"
    assert status("trend", "line_coverage.unit") == "warning"
    assert status("flaky", "flaky_rate") == "critical"
    assert status("steady", "branch_coverage") == "unmeasured"
    flaky = driver.find_element(By.CSS_SELECTOR, 'section[data-suite="flaky"] '
                                                 '.insight[data-kind="flaky_test"]')
    assert REFUND in flaky.text and "quarantine it, owner team-payments" in flaky.text
    anomalies = driver.find_elements(By.CSS_SELECTOR, 'section[data-suite="slower"] .anomaly')
    assert [a.get_attribute("data-kind") for a in anomalies] == ["suite_slower",
                                                                 "test_duration_jump"]
    assert "Nothing to act on." in driver.find_element(
        By.CSS_SELECTOR, 'section[data-suite="steady"]').text


def test_store_text_is_escaped_and_an_empty_history_says_so(quality: ProjectQuality) -> None:
    evil = '<img src=x onerror="alert(1)">'
    scope = dataclasses.replace(quality.scopes[0], suite=evil, insights=[
        Insight("flaky_test", Severity.WARNING, evil, evil)])
    page = render_dashboard(dataclasses.replace(quality, scopes=[scope]))
    assert evil not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    empty = render_dashboard(ProjectQuality("shop", 20, [], None, "shop: no ended run."))
    assert "No ended run in the results store yet" in empty and "js-plotly-plot" not in empty
