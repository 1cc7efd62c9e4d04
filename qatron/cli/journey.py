"""``qatron journey``: run a journey alone, or list a project's journeys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from qatron.cli.options import JsonOption, ProjectOption
from qatron.console import cell, out

journey_app = typer.Typer(help="Journeys: tests of several applications in sequence, "
                               "passing data between them.", no_args_is_help=True)


@journey_app.command("run")
def run_command(
    name: Annotated[str, typer.Argument(help="Journey of qatron.yml.")],
    env: Annotated[str | None, typer.Option(
        "--env", "-e", help="Environment of qatron.yml (default: the journey's).")] = None,
    project: ProjectOption = Path("."),
    branch: Annotated[str | None, typer.Option(help="Branch under test.")] = None,
    commit: Annotated[str | None, typer.Option(help="Commit under test.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Run a journey on an environment of its own, as a Prefect flow run; exit with the
    run's exit code."""
    from qatron.cli.run import prefect_api, resolve_block_environment, run_flow
    from qatron.config import JOURNEY_PREFIX, load_project
    from qatron.options import RunOptions
    from qatron.run import open_run

    loaded = load_project(project)
    environment = env or loaded.journey(name).environment
    resolve_block_environment(environment)
    ctx = open_run(loaded, RunOptions(suite=f"{JOURNEY_PREFIX}{name}", environment=environment,
                                      branch=branch, commit=commit))
    run_flow(ctx, prefect_api([ctx]), as_json)


@journey_app.command("list")
def list_command(project: ProjectOption = Path("."), as_json: JsonOption = False) -> None:
    """The project's journeys: their steps in order and what each waits for."""
    from qatron.config import load_project
    from qatron.journeys.plan import JourneyPlan

    loaded = load_project(project)
    listing = {}
    for name, journey in loaded.config.journeys.items():
        plan = JourneyPlan.of(journey)
        listing[name] = [{"step": step_id, "test": journey.step(step_id).test
                          or f"suite {journey.step(step_id).suite}",
                          "after": sorted(plan.needs[step_id]),
                          "inputs": [b.input for b in plan.feeding(step_id)]}
                         for step_id in plan.order]
    if as_json:
        out.print_json(json.dumps(listing))
        return
    if not listing:
        out.print("no journeys in qatron.yml: add them under 'journeys:'")
        return
    for name, steps in listing.items():
        table = Table(title=f"journey {name}")
        for column in ("step", "test", "after", "inputs"):
            table.add_column(column)
        for row in steps:
            table.add_row(cell(row["step"]), cell(row["test"]),
                          cell(", ".join(row["after"]) or "-"),
                          cell(", ".join(row["inputs"]) or "-"))
        out.print(table)
