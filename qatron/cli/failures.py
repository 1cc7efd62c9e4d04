"""``qatron failures …``: a run's failures by cause, team or category; any JUnit XML too.

    qatron failures RUN_ID [--by cluster|team|category] [--project DIR] [--json]
    qatron failures analyze FILE.xml… [--config qatron.yml] [--json]

``analyze`` imports only what it uses (no results store, no rich table for ``--json``, no
qatron.yml reader without ``--config``), so it answers fast in CI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from qatron.cli.options import MAX_RUN_ID, JsonOption, ProjectOption
from qatron.errors import ConfigError


def failures_command(
    args: Annotated[list[str], typer.Argument(
        metavar="RUN_ID | analyze FILE.xml...",
        help="A run of the results store, or `analyze` and JUnit XML files of any runner.")],
    by: Annotated[str, typer.Option(help="Group by cluster, team or category.")] = "cluster",
    project: ProjectOption = Path("."),
    config: Annotated[Path | None, typer.Option(
        help="qatron.yml whose failure_analysis rules, routing and owners apply "
             "(with analyze).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Failures categorised, clustered by root cause and routed to their owning teams."""
    if by not in ("cluster", "team", "category"):
        raise ConfigError(f"--by {by!r}: expected cluster, team or category")
    if args[0] == "analyze":
        items = _analyze([Path(a) for a in args[1:]], config)
    elif args[0].isdigit() and len(args) == 1:
        items = _stored(_run_id(args[0]), project)
    else:
        raise ConfigError(f"expected a run id or `analyze FILE.xml...`, got {' '.join(args)!r}")
    if as_json:
        print(json.dumps(items, indent=2))
        return
    _print(items, by)


def _analyze(files: list[Path], config: Path | None) -> list[dict[str, Any]]:
    from qatron.failures.analyse import analyse_files

    if not files:
        raise ConfigError("qatron failures analyze: give one or more JUnit XML files")
    project = None
    if config is not None:
        from qatron.config import load_project

        project = load_project(config)
    analysis = analyse_files(files, project)
    return [item.to_json() for item in analysis.failures]


def _run_id(text: str) -> int:
    if not 1 <= int(text) <= MAX_RUN_ID:
        raise ConfigError(f"qatron failures: RUN_ID {text}: expected a number from 1 to "
                          f"{MAX_RUN_ID}; see `qatron runs list`")
    return int(text)


def _stored(run_id: int, project: Path) -> list[dict[str, Any]]:
    from qatron.cli.runs import open_store

    with open_store(project) as store:
        record = store.get_run(run_id)
        analysis = store.failure_analysis(run_id)
    if record is None:
        raise ConfigError(f"no run {run_id} in the results store; see `qatron runs list`")
    return [] if analysis is None else list(analysis.failures)


def _print(items: list[dict[str, Any]], by: str) -> None:
    from rich.table import Table

    from qatron.console import cell, markup, out

    if not items:
        out.print("No failures.")
        return
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(str(item[by]), []).append(item)
    for key, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        first = members[0]
        out.print()
        out.print(markup("[bold]{by} {key}[/] — {count} failure(s); {category}, team {team}",
                         by=by, key=key, count=len(members), category=first["category"],
                         team=first["team"]))
        if first.get("suggestion"):
            out.print(f"  where to look: {first['suggestion']}")
        table = Table(show_header=True, header_style="bold", expand=False)
        for column in ("test", "category", "cluster", "team", "evidence"):
            table.add_column(column, overflow="fold")
        for item in members:
            table.add_row(cell(item["nodeid"]),
                          cell(f"{item['category']} ({item['confidence']:.2f})"),
                          cell(item["cluster"]), cell(item["team"]), cell(item["evidence"]))
        out.print(table)
