"""The run report's history section: earlier runs of the same suite and environment, and
a sparkline of each failing test's recent outcomes; a note when there is no history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from qatron.store import ResultsStore
from reports.html import render_html
from tests.analytics.conftest import ENV, STEADY, Histories


def test_the_report_shows_the_history_and_each_failing_tests_outcomes(
        store: ResultsStore, histories: Histories) -> None:
    newest = histories.ids["drop"][-1]
    summary = store.load_summary(newest)
    assert summary is not None
    history = store.scope_history(histories.project.name, "drop", ENV, last=20)
    page = render_html(summary, history)
    assert "History: the last 19 run(s) and this one" in page
    assert page.count("* plotly.js v") == 1
    rows = re.findall(r"<tr><td><code>([^<]+)</code></td><td><span class=\"spark\">(.*?)"
                      r"</span></td><td class=num>(\d+) of (\d+)</td></tr>", page)
    assert [row[0] for row in rows] == STEADY[:3]
    for _, squares, failed, runs in rows:
        assert (failed, runs) == ("1", "20")
        assert squares.count("<i ") == 20
        assert squares.endswith(f'<i title="run {newest}: failed" style="background:#d64545">'
                                "</i>")


def test_without_history_the_report_says_so(store: ResultsStore, histories: Histories) -> None:
    first = histories.ids["steady"][0]
    summary = store.load_summary(first)
    assert summary is not None
    for history in (None, store.scope_history(histories.project.name, "nope", ENV)):
        page = render_html(summary, history)
        assert "No earlier ended run of this suite on this environment." in page


@pytest.mark.browser
def test_the_history_draws_in_chromium(driver: WebDriver, store: ResultsStore,
                                       histories: Histories, tmp_path: Path) -> None:
    newest = histories.ids["drop"][-1]
    summary = store.load_summary(newest)
    assert summary is not None
    page = tmp_path / "report.html"
    page.write_text(render_html(summary, store.scope_history(histories.project.name, "drop",
                                                             ENV, last=20)))
    driver.get(page.as_uri())
    section = driver.find_element(By.CSS_SELECTOR, "section.history")
    plots = section.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")
    assert plots and all(plot.find_elements(By.CSS_SELECTOR, "svg.main-svg") for plot in plots)
    sparks = section.find_elements(By.CSS_SELECTOR, "table.sparklines span.spark")
    assert len(sparks) == 3 and all(s.find_elements(By.TAG_NAME, "i") for s in sparks)
    assert all(square.size["width"] > 0 for square in sparks[0].find_elements(By.TAG_NAME, "i"))
