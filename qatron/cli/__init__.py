"""The ``qatron`` command line.

    qatron init NAME                          scaffold a project
    qatron run --suite S --env E [...]        run a suite through Prefect, live progress
    qatron runs list|status|logs|artifacts    read the results store
    qatron metrics flakiness [--suite S]      the flakiest tests, from the results store
    qatron server start|stop|status           the local Prefect server of the embedded default

One module per command or command group; ``commands`` lists them in ``app`` (a command's
module is imported only when it runs) and ``entry.main`` runs it. Bad input is reported in
one message with exit code 2, never a traceback; a finished run exits with its status's
code (see README, "Run statuses and exit codes").
"""

from qatron.cli.commands import app
from qatron.cli.entry import main

__all__ = ["app", "main"]
