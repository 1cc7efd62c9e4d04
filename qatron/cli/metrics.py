"""``qatron metrics …``: what the results store's history says about the tests.

    qatron metrics flakiness [--project DIR] [--suite S] [--last N] [--top K] [--json]
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
