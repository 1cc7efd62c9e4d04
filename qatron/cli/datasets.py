"""``qatron datasets …``: check the data the tests depend on with Great Expectations.

    qatron datasets validate NAME [--project DIR] [--url URL] [--json]
        validate against the expectations; exit 0 healthy, 6 unhealthy
    qatron datasets refresh NAME [--project DIR] [--json]
        regenerate the file (when the dataset has 'generate'), then validate
    qatron datasets health NAME [--project DIR] [--limit N] [--json]
        the last validations in the results store; exit by the latest

Validations are recorded in the project's results store. A bad dataset entry
or expectations file exits 2, unreadable data 5 (one message, no traceback).
"""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from qatron.cli.options import JsonOption, ProjectOption
from qatron.console import err, out
from qatron.exit_codes import EXIT_NEVER_VALIDATED, RUN_EXIT_CODES
from qatron.models import RunStatus

if TYPE_CHECKING:
    from qatron.config import Project
    from qatron.datasets import DatasetReport

datasets_app = typer.Typer(help="Datasets and their expectations: validate, refresh, health.",
                           no_args_is_help=True)

EXIT_UNHEALTHY = RUN_EXIT_CODES[RunStatus.DATASET_FAILED]
NameArgument = Annotated[str, typer.Argument(help="A dataset under 'datasets:' in qatron.yml.")]


@datasets_app.command("validate")
def validate(name: NameArgument, project: ProjectOption = Path("."),
             url: Annotated[str | None, typer.Option(
                 help="The database URL, for a dataset whose url names a run's service "
                      "({customers-db.url}).")] = None,
             as_json: JsonOption = False) -> None:
    """Validate a dataset against its expectations; exit 6 when it fails them."""
    from qatron.config import load_project
    from qatron.datasets import validate_dataset

    loaded = load_project(project)
    _finish(loaded, validate_dataset(loaded, name, url=url), as_json)


@datasets_app.command("refresh")
def refresh(name: NameArgument, project: ProjectOption = Path("."),
            as_json: JsonOption = False) -> None:
    """Regenerate a dataset from its 'generate' spec (if any), then validate it."""
    from qatron.config import load_project
    from qatron.datasets import refresh_dataset

    loaded = load_project(project)
    _finish(loaded, refresh_dataset(loaded, name), as_json)


@datasets_app.command("health")
def health(name: NameArgument, project: ProjectOption = Path("."),
           limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many validations.")]
           = 10,
           as_json: JsonOption = False) -> None:
    """The dataset's last validations; exit 0 or 6 by the latest, 1 if never validated."""
    from qatron.config import load_project
    from qatron.datasets.validate import dataset_config

    loaded = load_project(project)
    dataset_config(loaded, name)
    reports = _history(loaded, name, limit)
    if as_json:
        print(json.dumps([report.to_json() for report in reports], indent=2))
    elif reports:
        _history_table(name, reports)
    if not reports:
        err.print(f"dataset {name!r} has never been validated; validate it with "
                  f"`qatron datasets validate {name} --project {project}`")
        raise typer.Exit(EXIT_NEVER_VALIDATED)
    raise typer.Exit(0 if reports[0].success else EXIT_UNHEALTHY)


def _finish(project: Project, report: DatasetReport, as_json: bool) -> None:
    """Show the report, record it, exit 0 (healthy) or 6."""
    if as_json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _report_table(report)
    from qatron.store import ResultsStore, database_url

    with ResultsStore(database_url(project)) as store:
        store.save_validation(project.name, report)
    raise typer.Exit(0 if report.success else EXIT_UNHEALTHY)


def _report_table(report: DatasetReport) -> None:
    from qatron.datasets.report import rows_text

    for note in report.notes:
        out.print(Text(note, style="dim"))
    table = Table(title=Text(f"{report.dataset}: {report.source}"), title_justify="left")
    for column in ("", "expectation", "column", "arguments"):
        table.add_column(column, overflow="fold")
    table.add_column("unexpected", justify="right")
    table.add_column("bad values / observed", overflow="fold")
    for outcome in sorted(report.results, key=lambda outcome: outcome.success):
        mark = Text("ok", style="green") if outcome.success else Text("FAIL", style="bold red")
        table.add_row(mark, Text(outcome.expectation), Text(outcome.target),
                      Text(outcome.arguments()), outcome.unexpected(), Text(outcome.evidence()))
    out.print(table)
    facts = [rows_text(report.rows) if report.rows is not None else "",
             f"sha256 {report.content_hash[:12]}" if report.content_hash else "",
             f"{report.duration:.2f} s"]
    verdict = Text("healthy", style="bold green") if report.success else \
        Text("unhealthy", style="bold red")
    out.print(Text.assemble(verdict, f": {report.summary()}  ({', '.join(filter(None, facts))})"))


def _history(project: Project, name: str, limit: int) -> list[DatasetReport]:
    """The dataset's newest validations in the results store; none if there is no store."""
    from qatron.store import database_url

    url = database_url(project)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return []
    from qatron.store import ResultsStore

    with ResultsStore(url) as store:
        return store.validations(project.name, name, limit)


def _history_table(name: str, reports: list[DatasetReport]) -> None:
    table = Table(title=Text(f"validations of {name}, newest first"), title_justify="left")
    table.add_column("validated at (UTC)")
    table.add_column("healthy")
    table.add_column("failed / evaluated", justify="right")
    table.add_column("rows", justify="right")
    table.add_column("sha256")
    table.add_column("failed expectations", overflow="fold")
    for report in reports:
        stamp = f"{report.validated_at.astimezone(UTC):%Y-%m-%d %H:%M:%S}" \
            if report.validated_at else ""
        healthy = Text("yes", style="green") if report.success else Text("no", style="bold red")
        failed = ", ".join(f"{o.expectation} {o.target}".strip() for o in report.failed_outcomes)
        table.add_row(stamp, healthy, f"{report.failed} / {report.evaluated}",
                      f"{report.rows:,}" if report.rows is not None else "",
                      (report.content_hash or "")[:12], Text(failed))
    out.print(table)
