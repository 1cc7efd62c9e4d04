"""The options and arguments several ``qatron`` commands share, each declared once.

    def status(run_id: RunIdArgument, project: ProjectOption = Path("."),
               as_json: JsonOption = False) -> None: ...

A command whose ``--project`` means a little more (it may be absent, or name an
application folder) declares it with ``project_option(help_text)``: same flags, its own help.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

#: The largest run id a results database can hold (a signed 64-bit integer).
MAX_RUN_ID = 2**63 - 1
PROJECT_HELP = "Folder holding qatron.yml."


def project_option(help_text: str = PROJECT_HELP) -> Any:
    """``--project/-p``: the folder holding qatron.yml, described by ``help_text``."""
    return typer.Option("--project", "-p", help=help_text)


#: ``--project/-p FOLDER`` (default: the current folder).
ProjectOption = Annotated[Path, project_option()]
#: ``RUN_ID``: a run of the results store.
RunIdArgument = Annotated[int, typer.Argument(
    metavar="RUN_ID", min=1, max=MAX_RUN_ID, help="A run of the results store (qatron runs list).")]
#: ``--json``: print the result as JSON instead of a table.
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
#: ``--suite NAME`` as a filter of the results store's runs.
SuiteFilterOption = Annotated[str | None, typer.Option("--suite", help="Only runs of this suite.")]
