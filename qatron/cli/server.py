"""``qatron server start|stop|status``: the local Prefect server of the embedded default,
and the warm worker beside it that runs ``qatron run`` (see :mod:`qatron.warm`)."""

from __future__ import annotations

import json

import typer

from qatron.console import err as console
from qatron.console import show
from qatron.exit_codes import EXIT_SERVER_DOWN
from qatron.server import LocalServer
from qatron.warm import WarmWorker, embedded_api

server_app = typer.Typer(help="The local Prefect server used by the embedded default.",
                         no_args_is_help=True)


@server_app.command("start")
def server_start() -> None:
    """Start (or find) the local Prefect server and its warm worker."""
    server = LocalServer.default()
    show("Prefect server: {api}  (UI {ui})", api=server.start(), ui=server.ui_url)
    if embedded_api() is not None:
        worker = WarmWorker.default()
        found = worker.start(server.api_url) or {}
        show("warm worker: pid {pid}  ({socket})", pid=found.get("pid"),
             socket=worker.socket_path)


@server_app.command("stop")
def server_stop() -> None:
    """Stop the warm worker (cancelling the runs it still runs) and the local Prefect server
    that qatron started."""
    if WarmWorker.default().stop():
        console.print("stopped the warm worker")
    stopped = LocalServer.default().stop()
    console.print("stopped the local Prefect server" if stopped else "no local server running")


@server_app.command("status")
def server_status() -> None:
    """Whether the local Prefect server and its warm worker are up, and where."""
    server = LocalServer.default()
    up = server.healthy()
    worker = WarmWorker.default()
    found = worker.answer()
    print(json.dumps({"running": up, "api_url": server.api_url, "ui_url": server.ui_url,
                      "pid": server.pid(), "home": str(server.home),
                      "warm_worker": {"running": found is not None,
                                      "pid": found.get("pid") if found else None,
                                      "socket": str(worker.socket_path)}}))
    raise typer.Exit(0 if up else EXIT_SERVER_DOWN)
