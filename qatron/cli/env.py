"""``qatron env gc``: remove what crashed runs left behind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from qatron.cli.options import JsonOption, project_option
from qatron.console import cell, markup, out
from qatron.exit_codes import EXIT_NOT_REMOVED

env_app = typer.Typer(help="Environments: clean up after crashed runs.", no_args_is_help=True)


@env_app.command("gc")
def gc_command(
    project: Annotated[Path | None, project_option(
        "Folder holding qatron.yml (its servers and endpoints are searched).")] = None,
    everything: Annotated[bool, typer.Option(
        "--all", help="Remove every QAtron resource, also those of runs still going, and "
                      "processes of crashed runs of any project.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list them.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Find containers, databases and buckets whose run's process is gone, and remove them."""
    from qatron.config import CONFIG_NAME, load_project
    from qatron.gc import find_orphans

    folder = project or Path(".")
    loaded = load_project(folder) if (folder / CONFIG_NAME).is_file() or project else None
    sweep = find_orphans(loaded, everything=everything)
    removed, failed = [], []
    for orphan in sweep.orphans:
        if dry_run:
            continue
        try:
            orphan.remove()
            removed.append(orphan)
        except Exception as exc:  # noqa: BLE001 - report and go on with the others
            failed.append(f"{orphan.kind} {orphan.name}: {exc}")
    rows = [{"kind": o.kind, "name": o.name, "owner": o.owner, "where": o.where,
             "removed": o in removed} for o in sweep.orphans]
    if as_json:
        print(json.dumps({"orphans": rows, "unreachable": sweep.unreachable,
                          "failed": failed}, indent=2))
    else:
        _print(rows, sweep.unreachable, failed, dry_run)
    if failed:
        raise typer.Exit(EXIT_NOT_REMOVED)


def _print(rows: list[dict[str, object]], unreachable: list[str], failed: list[str],
           dry_run: bool) -> None:
    if rows:
        table = Table(title="Left behind by crashed runs")
        for column in ("kind", "name", "owner", "where", "removed"):
            table.add_column(column)
        for row in rows:
            table.add_row(*(cell(row[c]) for c in ("kind", "name", "owner", "where")),
                          "yes" if row["removed"] else ("dry run" if dry_run else "no"))
        out.print(table)
    else:
        out.print("Nothing left behind.")
    for where in unreachable:
        out.print(markup("[yellow]not searched[/] {where}", where=where))
    for problem in failed:
        out.print(markup("[red]not removed[/] {problem}", problem=problem))
