"""``qatron select``: which tests a change can break, and why.

    qatron select --base origin/main [--head HEAD] [--suite S] [--format json|table]

With a qatron.yml, the suite's application folder and its ``selection:``
rules are used, with the coverage map and history of the results store
when there are any. Anywhere else in a git repository with a pytest suite,
the folder (default: the repository root) is the application.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.table import Table

from qatron.cli.options import project_option
from qatron.config import CONFIG_NAME, Project, Suite, load_project
from qatron.console import cell, markup, out
from qatron.errors import ConfigError, StoreError

if TYPE_CHECKING:
    from qatron.selection import Selection, TestHistory
    from qatron.selection.coverage_map import CoverageMap

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
    from qatron.selection import select_tests

    folder = (project or Path(".")).expanduser()
    if (folder / CONFIG_NAME).is_file():
        app_dir, options, notes = _configured(load_project(folder), suite)
    elif suite is not None:
        raise ConfigError(f"{folder}: no {CONFIG_NAME} here, so there is no suite {suite!r}; "
                          f"give --project the folder holding qatron.yml, or drop --suite")
    else:
        app_dir, options, notes = _repository(folder, project is not None), {}, []
    selection = select_tests(app_dir, base, head, **options)
    selection.fallbacks.extend(notes)
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


def _configured(project: Project, suite_name: str | None
                ) -> tuple[Path, dict[str, Any], list[str]]:
    """The application folder, select_tests options and notes for a qatron.yml project.

    Code of any environment's services counts: a change there selects everything.
    """
    from qatron.selection.git import toplevel
    from qatron.selection.services import service_code

    suite = _suite(project, suite_name)
    app_name, application = project.application_of(suite)
    rules = application.selection
    roots = suite.paths or rules.test_roots or application.tests
    rules = rules.model_copy(update={"test_roots": list(roots)})
    app_dir = (project.root / application.path).resolve()
    coverage, history, notes = _from_store(project, app_name, suite_name)
    services = service_code(list(project.config.environments.values()), project.root,
                            toplevel(app_dir))
    options = {"rules": rules, "coverage": coverage, "history": history, "services": services}
    return app_dir, options, notes


def _suite(project: Project, name: str | None) -> Suite:
    if name is not None:
        return project.suite(name)
    if len(project.config.applications) > 1:
        raise ConfigError(f"{project.path}: several applications; say which with --suite "
                          f"(one of: {', '.join(project.config.suites)})")
    return Suite()


def _from_store(project: Project, application: str, suite: str | None
                ) -> tuple[CoverageMap | None, dict[str, TestHistory], list[str]]:
    """The coverage map and run history in the project's results store, if it has any."""
    from qatron.run import database_url

    url = database_url(project)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None, {}, []
    from qatron.selection.history import load_history
    from qatron.store import ResultsStore

    try:
        with ResultsStore(url) as store:
            coverage = store.load_coverage_map(project.name, application)
            return coverage, load_history(store, project.name, suite), []
    except StoreError as exc:
        return None, {}, [f"results store not read ({exc}); selected without coverage map "
                          f"or history"]


def _table(selection: Selection) -> None:
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
