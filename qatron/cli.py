"""The ``qatron`` command line.

    qatron init NAME                          scaffold a project
    qatron run --suite S --env E [...]        run a suite through Prefect, live progress
    qatron runs list|status|logs|artifacts    read the results store
    qatron metrics flakiness [--suite S]      the flakiest tests, from the results store
    qatron server start|stop|status           the local Prefect server of the embedded default

Bad input is reported in one message with exit code 2, never a traceback;
a finished run exits with its status's code (see README, "Exit codes").
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from qatron.cli_datasets import datasets_app
from qatron.cli_env import env_app
from qatron.cli_failures import failures_command
from qatron.cli_metrics import metrics_app
from qatron.cli_runs import runs_app
from qatron.cli_select import select_command
from qatron.errors import QatronError
from qatron.models import EXIT_USAGE, RunStatus
from qatron.server import LocalServer

app = typer.Typer(help="QAtron: test orchestration on Prefect.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
server_app = typer.Typer(help="The local Prefect server used by the embedded default.",
                         no_args_is_help=True)
app.add_typer(runs_app, name="runs")
app.add_typer(server_app, name="server")
app.add_typer(datasets_app, name="datasets")
app.add_typer(env_app, name="env")
app.add_typer(metrics_app, name="metrics")
app.command("select")(select_command)
app.command("failures")(failures_command)
console = Console(stderr=True)

ProjectOption = Annotated[Path, typer.Option("--project", "-p", help="Folder holding qatron.yml.")]


@app.command()
def init(
    name: Annotated[str, typer.Argument(help="Project name; also the folder to create.")],
    path: Annotated[Path | None, typer.Option(help="Where to create it (default: ./NAME).")] = None,
) -> None:
    """Scaffold a QAtron project: qatron.yml, test layers, data, page objects."""
    from qatron.scaffold import scaffold

    target = scaffold(name, path or Path(name))
    console.print(f"[green]Created[/] {target}. Next: "
                  f"[bold]qatron run --project {target} --suite smoke --env local[/]")


@app.command()
def run(
    suite: Annotated[list[str], typer.Option(
        "--suite", "-s", help="Suite of qatron.yml; several run one after the other against "
                              "one environment provisioned once.")],
    env: Annotated[str, typer.Option("--env", "-e", help="Environment of qatron.yml.")] = "local",
    project: ProjectOption = Path("."),
    shards: Annotated[int | None, typer.Option(min=1, max=64, help="Override shards.")] = None,
    branch: Annotated[str | None, typer.Option(help="Branch under test.")] = None,
    commit: Annotated[str | None, typer.Option(help="Commit under test.")] = None,
    failed_only: Annotated[bool, typer.Option(help="Rerun last run's failures only.")] = False,
    changed_since: Annotated[str | None, typer.Option(
        help="Run only the tests a change since this git revision may break.")] = None,
    app_version: Annotated[str | None, typer.Option(
        help="Application version under test: the suites share one environment for it.")]
    = None,
    shard_deployment: Annotated[str | None, typer.Option(
        help="Run each shard as a flow run of this deployment (run-shard/NAME) on its "
             "work pool's workers.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Run a suite against an environment as a Prefect flow run."""
    from qatron.run import open_run, test_command
    from qatron.runner import discard_prefetched, prefetch_collection
    from qatron.server import use_prefect_api

    if len(suite) > 1:
        _run_group(suite, env, project, app_version or "current", branch, commit, as_json,
                   shard_deployment)
        return
    ctx = open_run(project, suite[0], env, shards=shards, branch=branch, commit=commit,
                   failed_only=failed_only, changed_since=changed_since,
                   app_version=app_version, shard_deployment=shard_deployment)
    prefetch_collection(test_command(ctx), ctx.run_dir)
    try:
        _run_flow(ctx, use_prefect_api(), as_json)
    finally:
        discard_prefetched()


def _run_group(suites: list[str], env: str, project: Path, app_version: str,
               branch: str | None, commit: str | None, as_json: bool,
               shard_deployment: str | None = None) -> None:
    """Several suites, one environment: the run-group flow; exit with the first failure's code."""
    from qatron.run import open_run
    from qatron.server import use_prefect_api

    contexts = [open_run(project, suite, env, branch=branch, commit=commit,
                         shard_deployment=shard_deployment) for suite in suites]
    api_url = use_prefect_api()
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    from flows.run_group import run_group
    from qatron.cli_runs import finish

    run_group(suites=suites, env=env, project=str(contexts[0].project_dir),
              app_version=app_version, branch=branch, commit=commit,
              run_ids=[ctx.run_id for ctx in contexts], return_state=True)
    codes = [finish(ctx, api_url, as_json) for ctx in contexts]
    raise typer.Exit(next((code for code in codes if code), 0))


@app.command()
def resume(
    run_id: Annotated[int, typer.Argument(help="The run to go on with.")],
    project: ProjectOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Go on with a run whose process died: keep its finished shards, run the others again."""
    from qatron.errors import ConfigError
    from qatron.run import load_run
    from qatron.server import use_prefect_api
    from qatron.store import ResultsStore

    ctx = load_run(project, run_id)
    with ResultsStore(ctx.database_url) as store:
        record = store.get_run(run_id)
    if record is not None and RunStatus(record.status).terminal:
        raise ConfigError(f"run {run_id} already ended ({record.status}); start a new one with "
                          f"`qatron run --suite {ctx.suite} --env {ctx.environment}`")
    _run_flow(ctx, use_prefect_api(), as_json, resume=True)


def _run_flow(ctx: Any, api_url: str, as_json: bool, resume: bool = False) -> None:
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    from qatron.progress import watch

    with watch(ctx, console, enabled=console.is_terminal and not as_json):
        from flows.run_suite import run_suite

        run_suite(suite=ctx.suite, env=ctx.environment, project=str(ctx.project_dir),
                  run_id=ctx.run_id, resume=resume, return_state=True)
    from qatron.cli_runs import finish

    raise typer.Exit(finish(ctx, api_url, as_json))


@server_app.command("start")
def server_start() -> None:
    """Start (or find) the local Prefect server."""
    server = LocalServer.default()
    console.print(f"Prefect server: {server.start()}  (UI {server.ui_url})")


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
    raise typer.Exit(0 if up else 1)


def main() -> None:
    """Entry point: every QatronError becomes a message and its exit code."""
    try:
        code = app(standalone_mode=False)  # click returns, not raises, typer.Exit's code here
    except QatronError as exc:
        console.print(f"[red]error:[/] {_escape(str(exc))}", highlight=False)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(RunStatus.CANCELLED.exit_code)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(EXIT_USAGE)
        raise
    sys.exit(code if isinstance(code, int) else 0)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
