"""``qatron server start|stop|status``: the local Prefect server of the embedded default."""

from __future__ import annotations

import json

import typer

from qatron.console import err as console
from qatron.console import show
from qatron.exit_codes import EXIT_SERVER_DOWN
from qatron.server import LocalServer

server_app = typer.Typer(help="The local Prefect server used by the embedded default.",
                         no_args_is_help=True)


@server_app.command("start")
def server_start() -> None:
    """Start (or find) the local Prefect server."""
    server = LocalServer.default()
    show("Prefect server: {api}  (UI {ui})", api=server.start(), ui=server.ui_url)


@server_app.command("stop")
def server_stop() -> None:
    """Stop the local Prefect server that qatron started."""
    stopped = LocalServer.default().stop()
    console.print("stopped the local Prefect server" if stopped else "no local server running")


@server_app.command("status")
def server_status() -> None:
    """Whether the local Prefect server is up, and where."""
    server = LocalServer.default()
    up = server.healthy()
    print(json.dumps({"running": up, "api_url": server.api_url, "ui_url": server.ui_url,
                      "pid": server.pid(), "home": str(server.home)}))
    raise typer.Exit(0 if up else EXIT_SERVER_DOWN)
