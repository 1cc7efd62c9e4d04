"""``qatron select``: which tests a change can break, and why.

    qatron select --base origin/main [--head HEAD] [--suite S] [--format json|table]

With a qatron.yml, the suite's application folder and its ``selection:``
rules are used, with the coverage map and history of the results store
when there are any. Anywhere else in a git repository with a pytest suite,
the folder (default: the repository root) is the application. The candidates
are the tests pytest collects (cached per commit in ``.qatron/collections/``),
selected one by one (see qatron.selecting).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from qatron.cli.options import project_option
from qatron.config_path import CONFIG_NAME
from qatron.errors import ConfigError

if TYPE_CHECKING:
    from qatron.selection import Selection

_ROWS = 200


def select_command(
    base: Annotated[str, typer.Option("--base", help="Revision to compare with (branch, tag, "
                                                     "commit).")],
    head: Annotated[str | None, typer.Option("--head", help="Revision under test (default: "
                                                            "the working tree).")] = None,
    project: Annotated[Path | None, project_option(
        "Folder holding qatron.yml, or the application folder.")] = None,
    suite: Annotated[str | None, typer.Option("--suite", "-s", help="Suite of qatron.yml.")]
    = None,
    output: Annotated[Literal["json", "table"], typer.Option("--format", help="json or table.")]
    = "table",
) -> None:
    """Select the tests a change can break, likeliest to fail first, with reasons."""
    from qatron.selecting import select_changes

    folder = (project or Path(".")).expanduser()
    if (folder / CONFIG_NAME).is_file():
        from qatron.config import load_project

        selection = select_changes(load_project(folder), base, head, suite)
    elif suite is not None:
        raise ConfigError(f"{folder}: no {CONFIG_NAME} here, so there is no suite {suite!r}; "
                          f"give --project the folder holding qatron.yml, or drop --suite")
    else:
        selection = select_changes(_repository(folder, project is not None), base, head)
    if output == "json":
        print(json.dumps(selection.to_json(), indent=2, ensure_ascii=False))
    else:
        _table(selection)


def _repository(folder: Path, given: bool) -> Path:
    """Without qatron.yml: the given folder, else the repository root around it."""
    if given:
        return folder
    from qatron.selection.git import toplevel

    return toplevel(folder.resolve())


def _table(selection: Selection) -> None:
    """The selection as a table on standard output (rich is imported for it alone)."""
    from rich.table import Table

    from qatron.console import cell, markup, out

    table = Table(title=cell(
        f"Selected by the change from {selection.base} to {selection.head or 'the working tree'}"))
    table.add_column("test", overflow="fold")
    table.add_column("priority")
    table.add_column("why")
    for test in selection.selected[:_ROWS]:
        table.add_row(cell(test.nodeid), f"{test.priority:g}", cell("\n".join(test.reasons)))
    out.print(table)
    if len(selection.selected) > _ROWS:
        out.print(f"… and {len(selection.selected) - _ROWS} more (see --format json)")
    out.print(markup("[bold]{selected}[/] selected, {skipped} left out, of {total}; "
                     "{changed} changed files", selected=len(selection.selected),
                     skipped=selection.skipped, total=selection.total,
                     changed=len(selection.changed)))
    for note in selection.fallbacks:
        out.print(markup("  [yellow]fallback[/] {note}", note=note))
