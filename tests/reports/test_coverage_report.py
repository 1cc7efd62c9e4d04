"""The run's coverage in the HTML report, the markdown summary and the JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from qatron.coverage_summary import CoverageSummary
from qatron.models import RunSummary
from reports.artifacts import summary_markdown
from reports.coverage import coverage_section
from reports.html import render_html
from reports.junit import write_junit

COVERAGE = CoverageSummary(
    layer="unit", covered=724, statements=1000, threshold=90.0, enforced=True,
    files={"shop/money.py": (700, 800), "shop/<cards>.py": (24, 100), "shop/empty.py": (0, 100),
           "shop/__init__.py": (0, 0)})


def test_html_card_shows_percent_threshold_and_least_covered_files(summary: RunSummary) -> None:
    summary.coverage = COVERAGE
    page = render_html(summary)
    assert "Coverage" in page and "72.4%" in page and "threshold 90.0% (enforced)" in page
    assert "shop/&lt;cards&gt;.py" in page and "<cards>" not in page
    assert page.index("shop/empty.py") < page.index("shop/&lt;cards&gt;.py") \
        < page.index("shop/money.py")


def test_no_coverage_no_card(summary: RunSummary) -> None:
    assert 'class="card coverage"' not in render_html(summary)
    assert "Coverage" not in summary_markdown(summary)


def test_markdown_summary_has_a_coverage_line(summary: RunSummary) -> None:
    summary.coverage = COVERAGE
    assert ("**Coverage:** 72.4% **below threshold** — 724 of 1000 statements run in 4 files, "
            "layer unit; threshold 90.0% (enforced)") in summary_markdown(summary)


def test_junit_properties_carry_the_percent(summary: RunSummary, tmp_path: Path) -> None:
    summary.coverage = COVERAGE
    root = ET.parse(write_junit(summary, tmp_path / "junit.xml")).getroot()
    for suite in root.iter("testsuite"):
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert properties["qatron.coverage.percent"] == "72.4"
        assert properties["qatron.coverage.threshold"] == "90.0"


def test_branch_percent_is_shown_next_to_the_line_percent(summary: RunSummary,
                                                           tmp_path: Path) -> None:
    summary.coverage = CoverageSummary(layer="unit", covered=6, statements=11, branches=8,
                                       covered_branches=3, files={"calc/ops.py": (6, 11)})
    page = render_html(summary)
    assert "54.5%</span>" in page and "branches 37.5%</span>" in page
    assert "6 of 11 statements run, 3 of 8 branches taken in 1 file" in page
    assert ("**Coverage:** 54.5%; branches 37.5% — 6 of 11 statements run, 3 of 8 branches "
            "taken in 1 file, layer unit; no threshold") in summary_markdown(summary)
    root = ET.parse(write_junit(summary, tmp_path / "junit.xml")).getroot()
    properties = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert properties["qatron.coverage.branch_percent"] == "37.5"


def test_no_branch_figures_without_branch_data(summary: RunSummary, tmp_path: Path) -> None:
    summary.coverage = COVERAGE
    assert "branches" not in coverage_section(COVERAGE)
    assert "branches" not in summary_markdown(summary)
    root = ET.parse(write_junit(summary, tmp_path / "junit.xml")).getroot()
    assert "qatron.coverage.branch_percent" not in {p.get("name") for p in root.iter("property")}
