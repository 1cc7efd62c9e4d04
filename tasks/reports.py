"""Write a run's reports and publish them as Prefect artifacts."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from qatron.errors import StoreError
from qatron.models import RunSummary
from qatron.run import RunContext
from qatron.store.history import ScopeHistory
from reports.artifacts import publish_run_artifacts
from reports.html import write_html_report
from reports.junit import write_junit
from tasks.status import best_effort


@task(name="write-reports", task_run_name="report run {summary.run_id}", cache_policy=NO_CACHE)
def write_reports(summary: RunSummary, run_dir: Path, history: ScopeHistory | None = None,
                  junit: Path | None = None) -> dict[str, Path]:
    """Merged JUnit XML (unless given ``junit``, the file :func:`write_junit_report`
    wrote) and the offline HTML report (with ``history``, the earlier runs of the suite on
    the environment) in the run folder, plus artifacts."""
    paths = {
        "junit": junit or write_junit(summary, run_dir / "junit.xml"),
        "report": write_html_report(summary, run_dir / "report.html", history),
    }
    best_effort("artifacts", lambda: publish_run_artifacts(summary, paths["report"],
                                                           paths["junit"]))
    return paths


@task(name="write-junit", task_run_name="junit of run {summary.run_id}", cache_policy=NO_CACHE)
def write_junit_report(summary: RunSummary, run_dir: Path) -> Path:
    """The run's merged JUnit XML alone, in the run folder: what CI reads once the command
    line exits, before the HTML report is written."""
    return write_junit(summary, run_dir / "junit.xml")


#: Earlier runs of the suite on the environment shown in the run report's history section.
HISTORY_RUNS = 20


def report_history(ctx: RunContext) -> ScopeHistory | None:
    """The suite's last ended runs on the environment for the report; None (logged) if the
    store cannot say: the report is written without its history section."""
    try:
        with ctx.store() as store:
            return store.scope_history(ctx.project_name, ctx.suite, ctx.environment,
                                       last=HISTORY_RUNS)
    except StoreError as exc:
        get_run_logger().warning("the report's history is left out: %s", exc)
        return None
