"""``qatron features …``: an application's Gherkin features, and a run's results per scenario.

    qatron features index [--project DIR] [--app NAME] [--json]
    qatron features status RUN_ID [--project DIR] [--json]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from qatron.cli.options import JsonOption, RunIdArgument, project_option
from qatron.config import find_config, load_project
from qatron.console import cell, markup, out
from qatron.errors import ConfigError
from qatron.features import FeatureIndex, FeatureStatus, features_status, index_features

features_app = typer.Typer(help="Gherkin features: index, undefined steps, results per scenario.",
                           no_args_is_help=True)

ProjectDir = Annotated[Path, project_option(
    "Folder holding qatron.yml (without one: the application's folder itself).")]
AppOption = Annotated[str | None, typer.Option("--app", help="Only this application.")]


@features_app.command("index")
def index(project: ProjectDir = Path("."), app: AppOption = None,
          as_json: JsonOption = False) -> None:
    """Every feature of the applications, its scenarios and the steps with no definition."""
    indexes = {name: index_features(folder) for name, folder in applications(project, app)}
    if as_json:
        print(json.dumps([{"application": name, **found.to_json()}
                          for name, found in indexes.items()], indent=2))
        return
    for name, found in indexes.items():
        _print_index(name, found)


def applications(project: Path, only: str | None) -> list[tuple[str, Path]]:
    """(name, folder) of the project's applications, or ``project`` itself without qatron.yml."""
    try:
        find_config(project)
    except ConfigError:
        if only is not None:
            raise
        return [(project.resolve().name, project.resolve())]
    loaded = load_project(project)
    apps = loaded.config.applications
    if only is not None and only not in apps:
        raise ConfigError(f"--app {only}: no such application in {loaded.path}; "
                          f"expected one of {', '.join(apps)}")
    return [(name, (loaded.root / application.path).resolve())
            for name, application in apps.items() if only in (None, name)]


def _print_index(name: str, found: FeatureIndex) -> None:
    out.print(markup("[bold]{name}[/]: {count} feature(s), {steps} step definition(s)",
                     name=name, count=len(found.features), steps=len(found.definitions)))
    table = Table(show_header=True, header_style="bold", expand=False)
    for column in ("feature", "file", "tags", "scenarios", "outlines (examples)", "steps"):
        table.add_column(column, overflow="fold")
    for feature in found.features:
        outlines = [s for s in feature.scenarios if s.outline]
        steps = len(feature.background) + sum(len(s.steps) for s in feature.scenarios)
        table.add_row(cell(feature.name), cell(f"{feature.path}:{feature.line}"),
                      cell(" ".join(f"@{t}" for t in feature.tags)),
                      cell(len(feature.scenarios)),
                      cell(f"{len(outlines)} ({sum(s.examples for s in outlines)})"),
                      cell(steps))
    out.print(table)
    _print_undefined([(u.file, u.line, u.text) for u in found.undefined])


def _print_undefined(steps: list[tuple[str, int, str]]) -> None:
    if not steps:
        out.print("Every step has a definition.")
        return
    table = Table(title="Steps with no definition", show_header=True, header_style="bold",
                  expand=False)
    table.add_column("where", overflow="fold")
    table.add_column("step", overflow="fold")
    for file, line, text in steps:
        table.add_row(cell(f"{file}:{line}"), cell(text, "red"))
    out.print(table)


@features_app.command("status")
def status(run_id: RunIdArgument, project: ProjectDir = Path("."),
           as_json: JsonOption = False) -> None:
    """A run's results per feature and scenario: passed, failed, not run; undefined steps."""
    statuses = run_features(run_id, project)
    if as_json:
        print(json.dumps([s.to_json() for s in statuses], indent=2))
        return
    _print_status(statuses)


def run_features(run_id: int, project: Path) -> list[FeatureStatus]:
    """The features of the application a stored run tested, with the run's results."""
    from qatron.cli.runs import open_store

    with open_store(project) as store:
        summary = store.load_summary(run_id)
    if summary is None:
        raise ConfigError(f"no run {run_id} in the results store; see `qatron runs list`")
    loaded = load_project(project)
    suite = loaded.config.suites.get(summary.suite)
    if suite is None:
        raise ConfigError(f"run {run_id} ran {summary.suite!r}, which is not a suite of "
                          f"{loaded.path}; features status needs a suite's application")
    return features_status(index_features(loaded.application_dir(suite)), summary.results)


def _print_status(statuses: list[FeatureStatus]) -> None:
    if not statuses:
        out.print("No features in this run's application.")
        return
    table = Table(show_header=True, header_style="bold", expand=False)
    for column in ("feature", "scenario", "status", "tests"):
        table.add_column(column, overflow="fold")
    styles = {"passed": "green", "failed": "red", "skipped": "yellow", "not run": "dim"}
    for feature in statuses:
        for scenario in feature.scenarios:
            table.add_row(cell(f"{feature.name} ({feature.path})"),
                          cell(f"{scenario.name} (line {scenario.line})"),
                          cell(scenario.status, styles.get(scenario.status, "")),
                          cell(len(scenario.tests)))
    out.print(table)
    for feature in statuses:
        out.print(markup("{name}: {passed} passed, {failed} failed, {not_run} not run",
                         name=feature.name, passed=feature.count("passed"),
                         failed=feature.count("failed"), not_run=feature.count("not run")))
    _print_undefined([(u.file, u.line, u.text) for f in statuses for u in f.undefined])
