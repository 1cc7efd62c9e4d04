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

import errno
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from qatron import redaction
from qatron.cli_datasets import datasets_app
from qatron.cli_env import env_app
from qatron.cli_failures import failures_command
from qatron.cli_metrics import metrics_app
from qatron.cli_runs import RunIdArgument, runs_app
from qatron.cli_select import select_command
from qatron.console import err, show
from qatron.errors import InfrastructureError, QatronError
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
console = err

ProjectOption = Annotated[Path, typer.Option("--project", "-p", help="Folder holding qatron.yml.")]


@app.command()
def init(
    name: Annotated[str, typer.Argument(help="Project name; also the folder to create.")],
    path: Annotated[Path | None, typer.Option(help="Where to create it (default: ./NAME).")] = None,
) -> None:
    """Scaffold a QAtron project: qatron.yml, test layers, data, page objects."""
    from qatron.scaffold import scaffold

    target = scaffold(name, path or Path(name))
    show("[green]Created[/] {target}. Next: "
         "[bold]qatron run --project {target} --suite smoke --env local[/]", target=target)


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
    from qatron.pytest_runner import discard_prefetched, prefetch_collection
    from qatron.run import open_run, test_command

    if len(suite) > 1:
        _run_group(suite, env, project, app_version or "current", branch, commit, as_json,
                   shard_deployment)
        return
    ctx = open_run(project, suite[0], env, shards=shards, branch=branch, commit=commit,
                   failed_only=failed_only, changed_since=changed_since,
                   app_version=app_version, shard_deployment=shard_deployment)
    prefetch_collection(test_command(ctx), ctx.run_dir)
    try:
        _run_flow(ctx, _prefect_api([ctx]), as_json)
    finally:
        discard_prefetched()


def _run_group(suites: list[str], env: str, project: Path, app_version: str,
               branch: str | None, commit: str | None, as_json: bool,
               shard_deployment: str | None = None) -> None:
    """Several suites, one environment: the run-group flow; exit with the first failure's code."""
    from qatron.run import open_run

    contexts = [open_run(project, suite, env, branch=branch, commit=commit,
                         shard_deployment=shard_deployment) for suite in suites]
    api_url = _prefect_api(contexts)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    from flows.run_group import run_group
    from qatron.cli_runs import finish

    with _ends_runs(contexts):
        run_group(suites=suites, env=env, project=str(contexts[0].project_dir),
                  app_version=app_version, branch=branch, commit=commit,
                  run_ids=[ctx.run_id for ctx in contexts], return_state=True)
    codes = [finish(ctx, api_url, as_json) for ctx in contexts]
    raise typer.Exit(next((code for code in codes if code), 0))


@app.command()
def resume(
    run_id: RunIdArgument,
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
    from qatron.run import unsaved_shards

    kept = unsaved_shards(ctx.run_dir)  # results the store refused: resume loads them
    if record is not None and RunStatus(record.status).terminal and not kept:
        raise ConfigError(f"run {run_id} already ended ({record.status}); start a new one with "
                          f"`qatron run --suite {ctx.suite} --env {ctx.environment}`")
    _run_flow(ctx, use_prefect_api(), as_json, resume=True)


def _run_flow(ctx: Any, api_url: str, as_json: bool, resume: bool = False) -> None:
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    from qatron.progress import watch

    with _ends_runs([ctx]), watch(ctx, console, enabled=console.is_terminal and not as_json):
        from flows.run_suite import run_suite

        run_suite(suite=ctx.suite, env=ctx.environment, project=str(ctx.project_dir),
                  run_id=ctx.run_id, resume=resume, return_state=True)
    from qatron.cli_runs import finish
    from tasks.status import release_prefect

    code = finish(ctx, api_url, as_json)
    if not release_prefect():  # the API is gone: its workers would hold the exit for minutes
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code)


def _prefect_api(contexts: list[Any]) -> str:
    """The Prefect API to run on; when it can't be reached the runs end infra_failed."""
    from qatron.server import use_prefect_api

    try:
        return use_prefect_api()
    except InfrastructureError as exc:
        _end_runs(contexts, RunStatus.INFRA_FAILED, str(exc))
        raise


@contextmanager
def _ends_runs(contexts: list[Any]) -> Iterator[None]:
    """A flow call that raises (its API went away, say) ends the runs it left open."""
    try:
        yield
    except Exception as exc:
        _end_runs(contexts, RunStatus.INFRA_FAILED,
                  f"the flow run failed: {type(exc).__name__}: {' '.join(str(exc).split())}")
        show("[red]error:[/] the flow run failed: {kind}: {message}", kind=type(exc).__name__,
             message=exc)


def _end_runs(contexts: list[Any], status: RunStatus, message: str) -> None:
    """Give each run that has not ended ``status`` and ``message`` in the results store."""
    from qatron.store import ResultsStore

    for ctx in contexts:
        with ResultsStore(ctx.database_url) as store:
            record = store.get_run(ctx.run_id)
            if record is not None and not RunStatus(record.status).terminal:
                store.set_status(ctx.run_id, status, message)


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
    raise typer.Exit(0 if up else 1)


def main() -> None:
    """Entry point: every QatronError becomes a message and its exit code."""
    redaction.install()
    try:
        code = app(standalone_mode=False)  # click returns, not raises, typer.Exit's code here
    except QatronError as exc:
        show("[red]error:[/] {message}", message=exc)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(RunStatus.CANCELLED.exit_code)
    except typer.TyperException as exc:  # typer's bundled click: every command-line mistake
        _usage_error(exc)
    except OSError as exc:
        if not _output_failed(exc):
            raise
        sys.exit(_closed_output(exc))
    except Exception as exc:
        import click

        if isinstance(exc, click.ClickException):
            _usage_error(exc)
        raise
    try:
        sys.stdout.flush()
    except OSError as exc:
        sys.exit(_closed_output(exc))
    sys.exit(code if isinstance(code, int) else 0)


def _output_failed(exc: OSError) -> bool:
    """Whether ``exc`` is a failed write to standard output (a closed pipe, a full disk)."""
    return isinstance(exc, BrokenPipeError) or exc.errno in (errno.ENOSPC, errno.EIO)


def _closed_output(exc: OSError) -> int:
    """Standard output can't be written: a reader that stopped early (``| head``) ends the
    command quietly with 1, as rich does; anything else (``> /dev/full``) is one line on
    standard error and exit code 5."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail again
    if isinstance(exc, BrokenPipeError):
        return 1
    show("[red]error:[/] cannot write the output: {reason}", reason=exc.strerror or exc)
    return 5


def _usage_error(exc: Exception) -> NoReturn:
    """One line naming the command, the option and what was wrong; exit 2."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        help_text = ctx.get_help()  # typer's rich help prints itself and returns ""
        if help_text:
            console.print(help_text)
        sys.exit(EXIT_USAGE)
    command = ctx.command_path if ctx is not None else "qatron"
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    message = message.replace("Value error, ", "").rstrip(".")
    given = _given_value(exc)
    if given is not None and repr(given) not in message:
        message = f"{message} (got {given!r})"
    show("[red]error:[/] {command}: {message}; see `{command} --help`",
         command=command, message=" ".join(message.split()))
    sys.exit(EXIT_USAGE)


def _given_value(exc: Exception) -> object | None:
    """The value typer rejected, from the pydantic validation error behind it."""
    errors = getattr(exc.__cause__, "errors", None)
    if not callable(errors):
        return None
    try:
        return next(iter(errors()), {}).get("input")
    except (TypeError, AttributeError):
        return None
