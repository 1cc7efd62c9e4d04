"""Write a run's reports and publish them as Prefect artifacts."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from qatron.models import RunSummary
from reports.artifacts import publish_run_artifacts
from reports.html import write_html_report
from reports.junit import write_junit
from tasks.status import best_effort


@task(name="write-reports", task_run_name="report run {summary.run_id}", cache_policy=NO_CACHE)
def write_reports(summary: RunSummary, run_dir: Path) -> dict[str, Path]:
    """Merged JUnit XML and the offline HTML report in the run folder, plus artifacts."""
    paths = {
        "junit": write_junit(summary, run_dir / "junit.xml"),
        "report": write_html_report(summary, run_dir / "report.html"),
    }
    best_effort("artifacts", lambda: publish_run_artifacts(summary, paths["report"],
                                                           paths["junit"]))
    return paths
