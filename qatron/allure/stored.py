"""Allure results of a run of the results store, with what its project says of its tests.

::

    export = export_run(Path("examples/shop"), 42)                  # qatron report allure 42
    export = export_summary(project, store, summary, run_dir / "allure-results")  # a run's end
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from qatron.allure.export import (
    REPORT_DIR,
    RESULTS_DIR,
    AllureExport,
    AllureSource,
    causes_of,
    write_allure_results,
)
from qatron.errors import ConfigError
from qatron.models import RunSummary

if TYPE_CHECKING:
    from qatron.config import Project
    from qatron.store import ResultsStore


def export_run(project_dir: Path, run_id: int, out: Path | None = None,
               report_url: str | None = None) -> AllureExport:
    """Write the Allure results of stored run ``run_id`` to ``out`` (default: the run
    folder's ``allure-results``)."""
    from qatron.config import load_project
    from qatron.store import ResultsStore, database_url

    project = load_project(project_dir)
    with ResultsStore(database_url(project)) as store:
        summary = store.load_summary(run_id)
        if summary is None:
            raise ConfigError(f"run {run_id} is not in the results store of {project.root}: "
                              f"`qatron runs list --project {project_dir}` lists its runs")
        return export_summary(project, store, summary, out or results_dir(summary),
                              report_url)


def results_dir(summary: RunSummary) -> Path:
    """``<run folder>/allure-results``; an error asking for ``--out`` without a run folder."""
    if not summary.run_dir or not Path(summary.run_dir).is_dir():
        raise ConfigError(f"run {summary.run_id} has no run folder any more "
                          f"({summary.run_dir or 'none recorded'}): give --out DIR")
    return Path(summary.run_dir) / RESULTS_DIR


def export_summary(project: Project, store: ResultsStore, summary: RunSummary, out: Path,
                   report_url: str | None = None) -> AllureExport:
    """Write ``summary``'s Allure results to ``out`` with the stored failure analysis, the
    project's owners files and the previous run's report history."""
    return write_allure_results(source_for(project, store, summary, report_url), out)


def source_for(project: Project, store: ResultsStore, summary: RunSummary,
               report_url: str | None = None) -> AllureSource:
    from qatron.failures.owners import owner_rules

    layer, app_dir = None, project.root
    with contextlib.suppress(ConfigError):  # a suite since removed from qatron.yml
        suite = project.suite(summary.suite)
        layer, app_dir = suite.layer, project.application_dir(suite)
    tests_root = app_dir.relative_to(project.root.resolve()).as_posix() \
        if app_dir.is_relative_to(project.root.resolve()) else ""
    return AllureSource(
        summary=summary, causes=causes_of(store.run_failures(summary.run_id)), layer=layer,
        owners=owner_rules(project.root), tests_root="" if tests_root == "." else tests_root,
        exclude_tags={project.root.resolve().name, app_dir.name},
        report_url=report_url or _allure_report(summary), build_url=_html_report(summary),
        history=previous_history(store, summary))


def previous_history(store: ResultsStore, summary: RunSummary) -> Path | None:
    """``allure-report/history`` of the newest earlier run of the same project, suite and
    environment whose Allure report was generated in its run folder."""
    earlier = store.list_runs(project=summary.project, suite=summary.suite,
                              environment=summary.environment, limit=100)
    for record in earlier:
        if record.id < summary.run_id and record.run_dir:
            history = Path(record.run_dir) / REPORT_DIR / "history"
            if history.is_dir():
                return history
    return None


def _allure_report(summary: RunSummary) -> str | None:
    """Where ``qatron report allure --generate`` writes the run's Allure report."""
    return (Path(summary.run_dir) / REPORT_DIR).resolve().as_uri() if summary.run_dir else None


def _html_report(summary: RunSummary) -> str | None:
    if not summary.run_dir:
        return None
    report = Path(summary.run_dir) / "report.html"
    return report.resolve().as_uri() if report.is_file() else None
