"""The HTML report's failures table shows a failed browser test's evidence, seen in Chromium."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from qatron.browser import save_evidence
from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from reports.html import write_html_report

pytestmark = pytest.mark.browser


def test_the_screenshot_thumbnail_loads_and_links_to_the_file(driver: WebDriver, pages_url: str,
                                                              tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    driver.get(pages_url + "/")
    evidence = save_evidence(driver, run_dir / "evidence" / "shard-1" / "tests_test_a.py_test_x")
    failed = TestResult(nodeid="tests/test_a.py::test_x", outcome=Outcome.FAILED, shard_index=1,
                        message="AssertionError: no basket",
                        attachments=[str(path) for path in evidence])
    summary = RunSummary(run_id=7, project="shop", suite="e2e", environment="local",
                         status=RunStatus.FAILED, run_dir=str(run_dir),
                         shards=[ShardResult(index=1, count=1, status=ShardStatus.FAILED,
                                             results=[failed])])
    report = write_html_report(summary, run_dir / "report.html")
    assert 'href="evidence/shard-1/tests_test_a.py_test_x/screenshot.png"' in report.read_text()

    driver.get(report.as_uri())
    thumb = driver.find_element(By.CSS_SELECTOR, ".attachments img.thumb")
    assert driver.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth", thumb) > 0
    links = driver.find_elements(By.CSS_SELECTOR, ".attachments a")
    targets = [Path(unquote(urlparse(a.get_attribute("href") or "").path)) for a in links]
    assert targets == [Path(p) for p in failed.attachments]
    assert all(target.is_file() for target in targets)
    assert [a.text for a in links] == ["", "page.html", "console.log"]  # the PNG is an image
