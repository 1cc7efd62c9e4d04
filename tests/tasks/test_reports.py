"""write-reports: JUnit XML and the HTML report in the run folder, and the run's artifacts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tasks.reports import write_reports
from tests.projects import artifacts_of
from tests.reports.conftest import make_summary
from tests.tasks.conftest import in_flow


def test_the_reports_are_written_and_published_as_artifacts(tmp_path: Path,
                                                             prefect_api_url: str) -> None:
    summary = make_summary()

    paths, flow_run = in_flow(lambda: write_reports.fn(summary, tmp_path))

    assert paths == {"junit": tmp_path / "junit.xml", "report": tmp_path / "report.html"}
    junit = ET.parse(paths["junit"]).getroot()
    # each result, and an error for the shard that failed on infrastructure
    assert int(junit.get("tests")) == len(summary.results) + 1
    assert (junit.get("failures"), junit.get("errors")) == ("1", "2")
    assert "Regression Suite" in paths["report"].read_text()
    artifacts = {artifact.key: artifact for artifact in artifacts_of(flow_run)}
    prefix = "qatron-regression-suite-staging-eu"
    assert set(artifacts) == {f"{prefix}-{kind}"
                              for kind in ("summary", "failures", "report", "junit")}
    failures = artifacts[f"{prefix}-failures"].data
    assert "test_refund_partial" in failures and "test_gateway_timeout" in failures
    report_link = f"[HTML report of run 42]({paths['report'].resolve().as_uri()})"
    assert artifacts[f"{prefix}-report"].data == report_link
