"""``qatron load …``: load tests with Locust, and their history in the results store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from qatron.cli.options import JsonOption, ProjectOption
from qatron.console import cell, out, show

if TYPE_CHECKING:
    from qatron.load.models import LoadResult
    from qatron.store.load import LoadRun

load_app = typer.Typer(help="Load tests: many simulated users against a service, with Locust.",
                       no_args_is_help=True)

STATUS_STYLE = {"passed": "green", "failed": "red", "infra_failed": "magenta",
                "cancelled": "dim"}


@load_app.command("run")
def run_command(
    name: Annotated[str, typer.Argument(help="Load test of qatron.yml.")],
    env: Annotated[str | None, typer.Option(
        "--env", "-e", help="Environment of qatron.yml (default: the load test's).")] = None,
    project: ProjectOption = Path("."),
    branch: Annotated[str | None, typer.Option(help="Branch under test.")] = None,
    commit: Annotated[str | None, typer.Option(help="Commit under test.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Run a load test on an environment of its own, as a Prefect flow run, showing users,
    throughput and p95 live; exit with the run's exit code (1 when a criterion is not met)."""
    from qatron.cli.run import prefect_api, resolve_block_environment, run_flow
    from qatron.config import LOAD_PREFIX, load_project
    from qatron.options import RunOptions
    from qatron.run import open_run

    loaded = load_project(project)
    environment = env or loaded.load_test(name).environment
    resolve_block_environment(environment)
    ctx = open_run(loaded, RunOptions(suite=f"{LOAD_PREFIX}{name}", environment=environment,
                                      branch=branch, commit=commit))
    run_flow(ctx, prefect_api([ctx]), as_json)


@load_app.command("history")
def history_command(
    name: Annotated[str, typer.Argument(help="Load test of qatron.yml.")],
    project: ProjectOption = Path("."),
    last: Annotated[int, typer.Option(min=1, max=10_000, help="How many runs.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """The load test's last runs, newest first: status, throughput, latency, errors and the
    criteria not met."""
    from qatron.cli.runs import open_store
    from qatron.config import load_project

    loaded = load_project(project)
    loaded.load_test(name)  # an unknown name is a usage error naming the valid ones
    with open_store(project) as store:
        rows = store.load_history(loaded.name, name, last)
    if as_json:
        print(json.dumps([history_json(run, result) for run, result in rows], indent=2))
        return
    if not rows:
        show("no run of load test {name} in the results store yet; "
             "run it with `qatron load run {name}`", name=name)
        return
    out.print(history_table(name, rows))


def history_json(run: LoadRun, result: LoadResult) -> dict[str, Any]:
    """One run of a load test: the run, the whole test's figures and the criteria not met."""
    total = result.total
    return {
        "run_id": run.run_id, "when": run.when.isoformat(), "run_status": run.run_status.value,
        "suite": run.suite, "environment": run.environment, "branch": run.branch,
        "commit": run.commit, "status": result.status.value, "message": result.message,
        "users_peak": result.users_peak, "duration": round(result.duration, 3),
        "requests": total.requests, "failures": total.failures, "rps": total.rps,
        "p50_ms": total.p50_ms, "p90_ms": total.p90_ms, "p95_ms": total.p95_ms,
        "p99_ms": total.p99_ms, "max_ms": total.max_ms, "error_rate": total.error_rate,
        "baseline_run_id": result.baseline_run_id,
        "failed_criteria": [{"criterion": v.criterion, "text": v.text}
                            for v in result.verdicts if not v.passed],
    }


def history_table(name: str, rows: list[tuple[LoadRun, LoadResult]]) -> Table:
    """A row per run: run, when, status, requests, rps, p50/p95/p99, error rate, failed
    criteria."""
    table = Table("run", "when", "status", "requests", "rps", "p50", "p95", "p99",
                  "error rate", "failed criteria", title=cell(f"Load test {name}"))
    for run, result in rows:
        total = result.total
        failed = "; ".join(v.text for v in result.verdicts if not v.passed)
        if not failed and result.status.value in ("infra_failed", "cancelled"):
            failed = result.message
        table.add_row(
            str(run.run_id), run.when.strftime("%Y-%m-%d %H:%M:%S"),
            cell(result.status.value, STATUS_STYLE.get(result.status.value, "cyan")),
            str(total.requests), f"{total.rps:.1f}", f"{total.p50_ms:.0f} ms",
            f"{total.p95_ms:.0f} ms", f"{total.p99_ms:.0f} ms", f"{total.error_rate:.1%}",
            cell(failed or "-"))
    return table
