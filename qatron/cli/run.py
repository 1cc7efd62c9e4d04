"""``qatron run`` and ``qatron resume``: a suite (or several) as a Prefect flow run.

The flows and Prefect are imported inside the commands, so ``qatron --help`` stays fast.
The Python API (:mod:`qatron.api`) starts its runs with the same helpers:
``resolve_block_environment``, ``prefect_api`` and ``end_runs``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from qatron.cli.options import JsonOption, ProjectOption, RunIdArgument
from qatron.console import err as console
from qatron.console import show
from qatron.errors import InfrastructureError
from qatron.models import RunStatus


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
    wait_reports: Annotated[bool, typer.Option(
        help="Exit once the HTML report, artifacts and failure analysis are done too; a run "
             "on the warm worker otherwise exits with its verdict and finishes them after.")]
    = False,
    as_json: JsonOption = False,
) -> None:
    """Run a suite against an environment as a Prefect flow run."""
    code = _run_warm()
    if code is not None:
        raise typer.Exit(code)
    from qatron.options import RunOptions
    from qatron.planning import start_collecting
    from qatron.pytest_runner import discard_prefetched
    from qatron.run import open_run, test_command

    resolve_block_environment(env)
    if len(suite) > 1:
        _run_group(suite, env, project, app_version or "current", branch, commit, as_json,
                   shard_deployment)
        return
    ctx = open_run(project, RunOptions(
        suite=suite[0], environment=env, shards=shards, branch=branch, commit=commit,
        failed_only=failed_only, changed_since=changed_since, app_version=app_version,
        shard_deployment=shard_deployment))
    if not ctx.standalone:
        start_collecting(ctx, test_command(ctx))
    try:
        api_url = prefect_api([ctx])
        _warm_later(api_url)
        run_flow(ctx, api_url, as_json, wait_reports=wait_reports)
    finally:
        discard_prefetched()


def _run_warm() -> int | None:
    """The exit code of this ``qatron run`` handed to the warm worker (see
    :mod:`qatron.warm`); None when it runs here."""
    if sys.argv[1:2] != ["run"]:  # called with other arguments than this process's
        return None
    from qatron.warm import run_warm

    return run_warm(sys.argv)


def _warm_later(api_url: str) -> None:
    """A run here on the local server: start the warm worker for the next runs if none
    runs."""
    from qatron.warm import start_later

    start_later(api_url)


def _run_group(suites: list[str], env: str, project: Path, app_version: str,
               branch: str | None, commit: str | None, as_json: bool,
               shard_deployment: str | None = None) -> None:
    """Several suites, one environment: the run-group flow; exit with the first failure's code."""
    from qatron.config import load_project
    from qatron.options import RunOptions
    from qatron.run import open_run

    loaded = load_project(project)
    contexts = [open_run(loaded, RunOptions(suite=suite, environment=env, branch=branch,
                                            commit=commit, shard_deployment=shard_deployment))
                for suite in suites]
    api_url = prefect_api(contexts)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    from flows.run_group import run_group
    from qatron.cli.runs import finish

    with _ends_runs(contexts):
        run_group(suites=suites, env=env, project=str(contexts[0].project_dir),
                  app_version=app_version, branch=branch, commit=commit,
                  run_ids=[ctx.run_id for ctx in contexts], return_state=True)
    codes = [finish(ctx, api_url, as_json) for ctx in contexts]
    raise typer.Exit(next((code for code in codes if code), 0))


def resume(
    run_id: RunIdArgument,
    project: ProjectOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Go on with a run whose process died: keep its finished shards, run the others again."""
    from qatron.errors import ConfigError
    from qatron.run import load_run
    from qatron.server import use_prefect_api
    from qatron.store import ResultsStore

    ctx = load_run(project, run_id)
    resolve_block_environment(ctx.environment)
    with ResultsStore(ctx.database_url) as store:
        record = store.get_run(run_id)
    from qatron.run import unsaved_shards

    kept = unsaved_shards(ctx.run_dir)  # results the store refused: resume loads them
    if record is not None and RunStatus(record.status).terminal and not kept:
        raise ConfigError(f"run {run_id} already ended ({record.status}); start a new one with "
                          f"`qatron run --suite {ctx.suite} --env {ctx.environment}`")
    run_flow(ctx, use_prefect_api(), as_json, resume=True)


def run_flow(ctx: Any, api_url: str, as_json: bool, resume: bool = False,
             wait_reports: bool = False) -> None:
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    from qatron.progress import watch

    with _ends_runs([ctx]), \
            watch(ctx, console, enabled=console.is_terminal and not as_json) as stop_display, \
            _exit_at_verdict(ctx, api_url, as_json, stop_display, wait_reports):
        call_flow(ctx, resume)
    from qatron.cli.runs import finish
    from tasks.status import release_prefect

    code = finish(ctx, api_url, as_json)
    if not release_prefect():  # the API is gone: its workers would hold the exit for minutes
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code)


@contextmanager
def _exit_at_verdict(ctx: Any, api_url: str, as_json: bool, stop_display: Callable[[], None],
                     wait_reports: bool) -> Iterator[None]:
    """On the warm worker, unless ``wait_reports``: once the flow has recorded the verdict,
    print the summary and let the command line exit with its code; the HTML report, the
    failure analysis and the artifacts follow, their output in the run's
    ``logs/reports.log``. A run in the command line's own process waits for them."""
    from qatron.warm import exit_early, in_worker

    if wait_reports or not in_worker():
        yield
        return
    from qatron.cli.runs import finish
    from qatron.verdict_waiters import waiting_for

    def announced(verdict: Any) -> None:
        stop_display()
        exit_early(finish(ctx, api_url, as_json, verdict), ctx.run_dir / "logs" / "reports.log")

    with waiting_for(ctx.run_id, announced):
        yield


def call_flow(ctx: Any, resume: bool = False) -> Any:
    """Run the flow of a recorded run here: run-journey, run-load-test or run-suite; its
    final state."""
    from qatron.config import JOURNEY_PREFIX, LOAD_PREFIX

    common = {"env": ctx.environment, "project": str(ctx.project_dir), "run_id": ctx.run_id,
              "return_state": True}
    if ctx.journey_only:
        from flows.run_journey import run_journey

        return run_journey(journey=ctx.suite.removeprefix(JOURNEY_PREFIX), **common)
    if ctx.load_only:
        from flows.run_load import run_load_test

        return run_load_test(load_test=ctx.suite.removeprefix(LOAD_PREFIX), **common)
    from flows.run_suite import run_suite

    return run_suite(suite=ctx.suite, resume=resume, **common)


def resolve_block_environment(env: str) -> None:
    """Load a ``block:`` environment from the Prefect API the run will use (see
    :mod:`qatron.config_blocks`); an environment of qatron.yml needs nothing."""
    from qatron.config_blocks import BlockReference

    if BlockReference.parse(env) is None:
        return
    from qatron.server import use_prefect_api

    use_prefect_api()
    from blocks.environment import resolve_environment

    resolve_environment(env)


def prefect_api(contexts: list[Any]) -> str:
    """The Prefect API to run on; when it can't be reached the runs end infra_failed."""
    from qatron.cli.prefect_access import check_access
    from qatron.server import use_prefect_api

    try:
        api_url = use_prefect_api()
        check_access(api_url)
        return api_url
    except InfrastructureError as exc:
        end_runs(contexts, RunStatus.INFRA_FAILED, str(exc))
        raise


@contextmanager
def _ends_runs(contexts: list[Any]) -> Iterator[None]:
    """A flow call that raises (its API went away, say) ends the runs it left open."""
    try:
        yield
    except Exception as exc:
        end_runs(contexts, RunStatus.INFRA_FAILED,
                  f"the flow run failed: {type(exc).__name__}: {' '.join(str(exc).split())}")
        show("[red]error:[/] the flow run failed: {kind}: {message}", kind=type(exc).__name__,
             message=exc)


def end_runs(contexts: list[Any], status: RunStatus, message: str) -> None:
    """Give each run that has not ended ``status`` and ``message`` in the results store."""
    from qatron.store import ResultsStore

    for ctx in contexts:
        with ResultsStore(ctx.database_url) as store:
            record = store.get_run(ctx.run_id)
            if record is not None and not RunStatus(record.status).terminal:
                store.set_status(ctx.run_id, status, message)
