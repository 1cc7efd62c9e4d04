"""``qatron init``: scaffold a project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qatron.console import show


def init(
    name: Annotated[str, typer.Argument(help="Project name; also the folder to create.")],
    path: Annotated[Path | None, typer.Option(help="Where to create it (default: ./NAME).")] = None,
) -> None:
    """Scaffold a QAtron project: qatron.yml, a tiny app, tests in four layers, data."""
    from qatron.scaffold import scaffold

    target = scaffold(name, path or Path(name))
    show("[green]Created[/] {target}. Next: "
         "[bold]qatron run --project {target} --suite smoke --env local[/]", target=target)
