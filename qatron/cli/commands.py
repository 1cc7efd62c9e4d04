"""The ``qatron`` command tree: every command and command group, registered on one app."""

from __future__ import annotations

import typer

from qatron.cli.datasets import datasets_app
from qatron.cli.env import env_app
from qatron.cli.failures import failures_command
from qatron.cli.features import features_app
from qatron.cli.journey import journey_app
from qatron.cli.load import load_app
from qatron.cli.metrics import metrics_app
from qatron.cli.run import resume, run
from qatron.cli.runs import runs_app
from qatron.cli.scaffold import init
from qatron.cli.select import select_command
from qatron.cli.server import server_app

app = typer.Typer(help="QAtron: test orchestration on Prefect.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
app.command()(init)
app.command()(run)
app.command()(resume)
app.add_typer(runs_app, name="runs")
app.add_typer(server_app, name="server")
app.add_typer(datasets_app, name="datasets")
app.add_typer(env_app, name="env")
app.add_typer(metrics_app, name="metrics")
app.add_typer(journey_app, name="journey")
app.add_typer(load_app, name="load")
app.add_typer(features_app, name="features")
app.command("select")(select_command)
app.command("failures")(failures_command)
