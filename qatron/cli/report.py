"""``qatron report …``: reports of stored runs.

    qatron report allure RUN_ID [--project DIR] [--out DIR] [--generate]
"""

from __future__ import annotations

import typer

report_app = typer.Typer(help="Reports of stored runs: Allure results and more.",
                         no_args_is_help=True)
