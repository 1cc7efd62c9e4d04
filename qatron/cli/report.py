"""``qatron report …``: reports of stored runs.

    qatron report allure RUN_ID [--project DIR] [--out DIR] [--generate]
    qatron report dashboard [--project DIR] [--out FILE] [--last N]
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qatron.cli.options import ProjectOption, RunIdArgument

report_app = typer.Typer(help="Reports of stored runs: Allure results and more.",
                         no_args_is_help=True)


@report_app.command("allure")
def allure_command(
    run_id: RunIdArgument,
    project: ProjectOption = Path("."),
    out: Annotated[Path | None, typer.Option(
        "--out", help="Folder for the Allure results (default: the run folder's "
                      "allure-results).")] = None,
    generate: Annotated[bool, typer.Option(
        "--generate", help="Also run `allure generate` into allure-report beside the "
                           "results.")] = False,
) -> None:
    """Write a stored run's Allure results (and with --generate, its Allure report).

    A result per test with its evidence attached, categories from the failure analysis,
    environment, executor and the history of the previous run's generated report.
    """
    from qatron.allure import REPORT_DIR, export_run, find_allure, generate_report
    from qatron.console import show

    if generate:
        find_allure()  # no Allure to generate with: say how to install it before exporting
    report_url = out.resolve().with_name(REPORT_DIR).as_uri() if out else None
    export = export_run(project, run_id, out, report_url)
    show("run {id}: {results} Allure result(s), {attachments} attachment(s), {categories} "
         "categor(ies){history} in {path}", id=run_id, results=export.results,
         attachments=export.attachments, categories=export.categories,
         history=", the previous report's history" if export.history else "",
         path=str(export.path))
    if generate:
        report = generate_report(export.path, export.path.with_name(REPORT_DIR))
        show("Allure report in {path}; open it with `allure open {path}`", path=str(report))


@report_app.command("dashboard")
def dashboard_command(
    project: ProjectOption = Path("."),
    out: Annotated[Path | None, typer.Option(
        "--out", help="The HTML file to write (default: .qatron/dashboard.html in the "
                      "project).")] = None,
    last: Annotated[int | None, typer.Option(
        min=2, max=10_000, help="The newest N ended runs of each suite and environment "
                                "(default: analytics.window of qatron.yml, 20).")] = None,
) -> None:
    """Write the project's quality dashboard: an offline HTML page with every suite and
    environment, the metrics against their targets, trends, anomalies and insights."""
    from qatron.analytics import analyse_project
    from qatron.cli.runs import open_store
    from qatron.config import load_project
    from qatron.console import show
    from reports.dashboard import write_dashboard

    loaded = load_project(project)
    with open_store(project) as store:
        quality = analyse_project(store, loaded, last=last)
    path = write_dashboard(quality, out or loaded.state_dir / "dashboard.html")
    show("quality {score} over {scopes} suite/environment pair(s): dashboard in {path}",
         score="unknown" if quality.score is None else f"{quality.score:.0f}/100",
         scopes=len(quality.scopes), path=str(path))
