"""``qatron metrics …``: what the results store's history says about the tests.

    qatron metrics flakiness [--project DIR] [--suite S] [--last N] [--top K] [--json]
    qatron metrics runs|coverage|quality [--project DIR] [--suite S] [--env E] [--last N]
                                         [--since DATE] [--json]

The tables of ``runs``, ``coverage`` and ``quality`` are drawn by ``cli.metrics_tables``;
the figures come from :mod:`qatron.analytics`.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from qatron.cli.options import JsonOption, ProjectOption, SuiteFilterOption

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from qatron.analytics import ProjectQuality
    from qatron.config import Quarantine
    from qatron.store.flakiness import FlakinessRecord

metrics_app = typer.Typer(help="Metrics from the results store's history.",
                          no_args_is_help=True)


@metrics_app.command("flakiness")
def flakiness_command(
    project: ProjectOption = Path("."),
    suite: SuiteFilterOption = None,
    last: Annotated[int, typer.Option(min=1, max=10_000, help="Each test's newest N runs.")]
    = 20,
    top: Annotated[int, typer.Option(min=1, max=10_000, help="Show the K flakiest tests.")]
    = 20,
    as_json: JsonOption = False,
) -> None:
    """The flakiest tests: score, flaky runs, flips, last failure, quarantine and owner."""
    from qatron.cli.runs import open_store
    from qatron.config import load_project

    loaded = load_project(project)
    if suite is not None:
        loaded.suite(suite)  # an unknown suite is a usage error naming the valid ones
    with open_store(project) as store:
        records = store.flakiness(loaded.name, suite, last)
    flakiest = sorted((r for r in records.values() if r.score > 0),
                      key=lambda r: (-r.score, -r.flaky_runs, r.nodeid))[:top]
    quarantine = loaded.config.quarantine
    rows = [_row(record, next((q for q in quarantine if q.covers(record.nodeid)), None))
            for record in flakiest]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    _print_table(rows, loaded.name, suite, last, len(records))


def _row(record: FlakinessRecord, entry: Quarantine | None) -> dict[str, Any]:
    from qatron.quarantine import today_utc

    return {
        "nodeid": record.nodeid, "score": round(record.score, 3), "runs": record.runs,
        "flaky_runs": record.flaky_runs, "flips": record.flips,
        "last_failure": record.last_failure.isoformat() if record.last_failure else None,
        "quarantined": entry is not None and entry.until >= today_utc(),
        "quarantine_until": entry.until.isoformat() if entry else None,
        "owner": entry.owner if entry else None,
    }


def _print_table(rows: list[dict[str, Any]], project: str, suite: str | None, last: int,
                 tests: int) -> None:
    from rich.table import Table

    from qatron.console import cell, out

    scope = f"{project}" + (f", suite {suite}" if suite else "")
    if not rows:
        out.print(f"No flaky tests in {scope}: {tests} test(s), each over its last "
                  f"{last} run(s).")
        return
    table = Table(title=cell(f"Flakiest tests of {scope} (each over its last {last} runs)"))
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("Test", "left"), ("Score", "right"), ("Runs", "right"), ("Flaky runs", "right"),
        ("Flips", "right"), ("Last failure", "left"), ("Quarantined", "left"), ("Owner", "left"))
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold")
    for row in rows:
        table.add_row(cell(row["nodeid"]), f"{row['score']:.2f}", str(row["runs"]),
                      str(row["flaky_runs"]), str(row["flips"]), _when(row["last_failure"]),
                      _quarantined(row), cell(row["owner"] or "—"))
    out.print(table)


def _when(moment: str | None) -> str:
    return datetime.fromisoformat(moment).strftime("%Y-%m-%d %H:%M UTC") if moment else "—"


def _quarantined(row: dict[str, Any]) -> str:
    if row["quarantine_until"] is None:
        return "no"
    return f"until {row['quarantine_until']}" if row["quarantined"] else \
        f"expired {row['quarantine_until']}"


#: ``--env NAME`` as a filter of the results store's runs.
EnvFilterOption = Annotated[str | None, typer.Option("--env", help="Only runs on this "
                                                     "environment.")]
#: ``--last N``: the window of runs of each suite and environment.
LastOption = Annotated[int | None, typer.Option(
    min=2, max=10_000, help="The newest N ended runs of each suite and environment "
                            "(default: analytics.window of qatron.yml, 20).")]
#: ``--since DATE``: only runs created then or later.
SinceOption = Annotated[datetime | None, typer.Option(
    formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"], help="Only runs created on or after this "
                                                    "date (UTC).")]


@metrics_app.command("runs")
def runs_command(project: ProjectOption = Path("."), suite: SuiteFilterOption = None,
                 env: EnvFilterOption = None, last: LastOption = None,
                 since: SinceOption = None, as_json: JsonOption = False) -> None:
    """Each run of the period per suite and environment: outcomes, pass rate, wall time."""
    quality = _quality(project, suite, env, last, since)
    if as_json:
        print(json.dumps([{"suite": s.suite, "environment": s.environment,
                           "runs": s.to_json()["runs"]} for s in quality.scopes], indent=2))
        return
    from qatron.cli.metrics_tables import print_runs

    print_runs(quality)


@metrics_app.command("coverage")
def coverage_command(project: ProjectOption = Path("."), suite: SuiteFilterOption = None,
                     env: EnvFilterOption = None, last: LastOption = None,
                     since: SinceOption = None, as_json: JsonOption = False) -> None:
    """Line coverage per layer: newest value, target, status, trend and next-run prediction."""
    from qatron.cli.metrics_tables import coverage_rows, print_coverage

    rows = coverage_rows(_quality(project, suite, env, last, since))
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    print_coverage(rows)


@metrics_app.command("quality")
def quality_command(project: ProjectOption = Path("."), suite: SuiteFilterOption = None,
                    env: EnvFilterOption = None, last: LastOption = None,
                    since: SinceOption = None, as_json: JsonOption = False) -> None:
    """Quality of each suite and environment: metrics against targets, trends, anomalies,
    insights with recommendations, a score 0-100 and a summary."""
    quality = _quality(project, suite, env, last, since)
    if as_json:
        print(json.dumps(quality.to_json(), indent=2))
        return
    from qatron.cli.metrics_tables import print_quality

    print_quality(quality)


def _quality(project: Path, suite: str | None, env: str | None, last: int | None,
             since: datetime | None) -> ProjectQuality:
    from datetime import UTC

    from qatron.analytics import analyse_project
    from qatron.cli.runs import open_store
    from qatron.config import load_project

    loaded = load_project(project)
    if suite is not None:
        loaded.suite(suite)  # an unknown suite is a usage error naming the valid ones
    when = since.replace(tzinfo=UTC) if since is not None and since.tzinfo is None else since
    with open_store(project) as store:
        return analyse_project(store, loaded, suite=suite, environment=env, last=last,
                               since=when)
