"""``qatron runs …``: read runs, their logs and artifacts from the results store."""

from __future__ import annotations

import errno
import json
import os
import shutil
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from qatron.cli.options import JsonOption, ProjectOption, RunIdArgument, SuiteFilterOption
from qatron.console import cell, err, out, show
from qatron.errors import ConfigError, InfrastructureError
from qatron.models import RunStatus

if TYPE_CHECKING:
    from qatron.coverage_summary import CoverageSummary
    from qatron.journeys.models import JourneyResult
    from qatron.store import ResultsStore, RunRecord

runs_app = typer.Typer(help="Runs in the results store.", no_args_is_help=True)

ARTIFACTS = ("junit.xml", "report.html", "environment.json", "collect.json")
STATUS_STYLE = {"completed": "green", "failed": "red", "partial_failed": "red",
                "timed_out": "yellow", "infra_failed": "magenta", "dataset_failed": "yellow",
                "cancelled": "dim"}
STEP_STYLE = {"passed": "green", "failed": "red", "down": "magenta", "skipped": "dim",
              "cancelled": "dim"}
#: Longest outputs shown in a journey's table (the JSON of ``runs status`` has them whole).
OUTPUTS_CHARS = 80


def open_store(project: Path) -> ResultsStore:
    """The results store of the project at ``project`` (or QATRON_DATABASE_URL's), with the
    project's runs whose process died on this host marked ``crashed``."""
    from qatron.owners import notice_dead_runs
    from qatron.store import ResultsStore

    url, name = store_of(project)
    store = ResultsStore(url)
    if name is not None:
        notice_dead_runs(store, name)  # a run whose process died reads `crashed`
    return store


def store_of(project: Path) -> tuple[str, str | None]:
    """The URL of the results store of the project at ``project`` and the project's name;
    without a qatron.yml there, QATRON_DATABASE_URL and None."""
    from qatron.config_path import find_config
    from qatron.store import database_url

    try:
        find_config(project)
    except ConfigError:
        if os.environ.get("QATRON_DATABASE_URL"):
            return os.environ["QATRON_DATABASE_URL"], None
        raise
    from qatron.config import load_project  # pydantic and YAML: only with a project

    config = load_project(project)
    return database_url(config), config.name


def _record(store: ResultsStore, run_id: int) -> RunRecord:
    record = store.get_run(run_id)
    if record is None:
        recent = ", ".join(str(r.id) for r in store.list_runs(limit=5)) or "none yet"
        raise ConfigError(f"no run {run_id} in {store.url}; recent runs: {recent}")
    return record


def record_json(record: RunRecord) -> dict[str, Any]:
    status = RunStatus(record.status)
    return {
        "id": record.id, "project": record.project, "suite": record.suite,
        "environment": record.environment, "status": status.value,
        "exit_code": status.exit_code if status.terminal else None,
        "branch": record.branch, "commit": record.commit, "message": record.message,
        "created_at": _iso(record.created_at), "started_at": _iso(record.started_at),
        "finished_at": _iso(record.finished_at), "counts": record.counts,
        "run_dir": record.run_dir, "flow_run_id": record.flow_run_id,
    }


def _read_directly(project: Path, suite: str | None, env: str | None,
                   limit: int) -> list[RunRecord] | None:
    """The runs of a SQLite store at the newest schema, read without SQLAlchemy; None when
    the store must be opened: to create or migrate it, or to mark a run whose process died
    ``crashed`` (as :func:`open_store` does)."""
    from qatron.owners import WATCHED, died
    from qatron.store.sqlite_runs import read_runs

    url, name = store_of(project)
    if name is not None:
        watched = read_runs(url, project=name, limit=WATCHED)
        if watched is None or any(died(record) for record in watched):
            return None
    return read_runs(url, suite=suite, environment=env, limit=limit)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@runs_app.command("list")
def list_runs(
    project: ProjectOption = Path("."),
    suite: SuiteFilterOption = None,
    env: Annotated[str | None, typer.Option(help="Only runs in this environment.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many runs.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """The newest runs, newest first."""
    records = _read_directly(project, suite, env, limit)
    if records is None:
        with open_store(project) as store:
            records = store.list_runs(suite=suite, environment=env, limit=limit)
    if as_json:
        print(json.dumps([record_json(r) for r in records], indent=2))
        return
    table = Table("run", "suite", "env", "status", "passed", "failed", "flaky", "started",
                  "took", "commit", title="QAtron runs")
    for r in records:
        took = (r.finished_at - r.started_at).total_seconds() if r.finished_at and r.started_at \
            else None
        table.add_row(str(r.id), cell(r.suite), cell(r.environment),
                      cell(r.status, STATUS_STYLE.get(r.status, "cyan")),
                      str(r.counts.get("passed", 0)),
                      str(r.counts.get("failed", 0) + r.counts.get("error", 0)),
                      str(r.counts.get("flaky", 0)),
                      r.started_at.strftime("%Y-%m-%d %H:%M:%S") if r.started_at else "-",
                      f"{took:.1f}s" if took is not None else "-", cell((r.commit or "")[:10]))
    out.print(table)


@runs_app.command("status")
def status(run_id: RunIdArgument, project: ProjectOption = Path(".")) -> None:
    """A run's status, counts, coverage, journeys and folder, as JSON; each journey's steps
    also as a table on standard error."""
    with open_store(project) as store:
        record = record_json(_record(store, run_id))
        record["coverage"] = coverage_json(store.run_coverage(run_id))
        journeys = store.journeys(run_id)
    record["journeys"] = journeys_json(journeys)
    print(json.dumps(record, indent=2))
    for journey in journeys:
        err.print(journey_table(journey))


def coverage_json(summaries: list[CoverageSummary]) -> dict[str, Any] | None:
    """{layer: {percent, covered, statements, branch_percent, covered_branches, branches,
    threshold, below_threshold}}, None if unmeasured (branch figures None if not measured)."""
    return {s.layer: {"percent": round(s.percent, 2), "covered": s.covered,
                      "statements": s.statements, "branch_percent": _rounded(s.branch_percent),
                      "covered_branches": s.covered_branches, "branches": s.branches,
                      "threshold": s.threshold, "below_threshold": s.below_threshold}
            for s in summaries} or None


def _rounded(percent: float | None) -> float | None:
    return None if percent is None else round(percent, 2)


def journeys_json(journeys: list[JourneyResult]) -> list[dict[str, Any]]:
    """[{name, passed, steps: [every field of each step, values masked as stored]}]."""
    return [{"name": j.name, "passed": j.passed,
             "steps": [asdict(step) | {"status": step.status.value} for step in j.steps]}
            for j in journeys]


def journey_table(journey: JourneyResult) -> Table:
    """The journey's steps: step, app, status, reason and outputs (masked, truncated)."""
    table = Table("step", "app", "status", "reason", "outputs",
                  title=cell(f"Journey {journey.name}"))
    for step in journey.steps:
        outputs = json.dumps(step.outputs, default=str, ensure_ascii=False) if step.outputs \
            else "-"
        table.add_row(cell(step.step), cell(step.app),
                      cell(step.status.value, STEP_STYLE.get(step.status.value, "cyan")),
                      cell(step.reason or "-"), cell(_truncate(outputs, OUTPUTS_CHARS)))
    return table


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@runs_app.command("logs")
def logs(
    run_id: RunIdArgument,
    project: ProjectOption = Path("."),
    shard: Annotated[int | None, typer.Option(min=1, max=64,
                                              help="Only this shard's test output.")]
    = None,
) -> None:
    """The run's logs: each shard's test output and each service's log."""
    with open_store(project) as store:
        record = _record(store, run_id)
    log_dir = Path(record.run_dir or ".") / "logs"
    files = sorted(log_dir.glob(f"shard-{shard}.log" if shard else "*.log"))
    if not files:
        raise ConfigError(f"run {run_id} has no logs in {log_dir}")
    for path in files:
        out.rule(cell(path.stem))
        out.out(path.read_text(encoding="utf-8", errors="replace"), highlight=False)


@runs_app.command("artifacts")
def artifacts(
    run_id: RunIdArgument,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Folder to copy them into (from S3 when the run's folder is "
                               "gone and they were uploaded).")] = None,
    download: Annotated[Path | None, typer.Option(
        "--download", help="Folder to download them into from S3 (results.artifacts).")]
    = None,
    project: ProjectOption = Path("."),
) -> None:
    """Copy the run's JUnit XML, HTML report, shard XML, logs and evidence into a folder."""
    if (output is None) == (download is None):
        raise ConfigError("give one of --output DIR (copy the run's folder) or --download DIR "
                          "(download its files from S3)")
    target = download or output
    assert target is not None
    with open_store(project) as store:
        record = _record(store, run_id)
        uploaded = any(u.state == "uploaded" for u in store.artifact_uploads(run_id))
    source = Path(record.run_dir or "")
    if download is None and source.is_dir():
        _check_output(target, source, run_id)
        try:
            copied = _copy_artifacts(source, target)
        except OSError as exc:
            raise _output_error(exc, target, run_id) from None
        show("copied {count} artifacts of run {run_id} to {output}", count=len(copied),
             run_id=run_id, output=target)
        return
    if download is None and not uploaded:
        raise ConfigError(f"run {run_id}'s folder {source} no longer exists, and its files "
                          f"are not in S3 (results.artifacts)")
    _download(project, record, target)


def _download(project: Path, record: RunRecord, target: Path) -> None:
    """Download the run's files from the project's S3 bucket into ``target``."""
    from qatron.artifacts_s3 import download_run, run_prefix
    from qatron.config import load_project

    storage = load_project(project).config.results.artifacts
    if storage is None:
        raise ConfigError(f"--download: {project} has no results.artifacts in qatron.yml; "
                          f"add e.g. `artifacts: s3://my-bucket/qatron` under results")
    if target.exists() and not target.is_dir():
        raise ConfigError(f"--download {target} is a file; give a folder (it is created if "
                          f"missing)")
    try:
        written = download_run(storage, record.project, record.id, target)
    except OSError as exc:
        raise _output_error(exc, target, record.id) from None
    show("downloaded {count} files of run {run_id} from {url} to {output}", count=len(written),
         run_id=record.id, output=target,
         url=f"s3://{storage.bucket}/{run_prefix(storage, record.project, record.id)}")


def _check_output(output: Path, source: Path, run_id: int) -> None:
    """Refuse an --output that is a file or lies inside the run folder it copies."""
    if output.exists() and not output.is_dir():
        raise ConfigError(f"--output {output} is a file; give a folder (it is created if "
                          f"missing)")
    target, run_dir = output.resolve(), source.resolve()
    if target == run_dir or run_dir in target.parents:
        raise ConfigError(f"--output {output} is inside run {run_id}'s folder {run_dir}, so the "
                          f"copy would copy itself; give a folder outside it")


def _copy_artifacts(source: Path, output: Path) -> list[str]:
    output.mkdir(parents=True, exist_ok=True)
    copied = [str(shutil.copy2(source / name, output / name)) for name in ARTIFACTS
              if (source / name).exists()]
    for folder in ("shards", "logs", "evidence"):  # evidence: failed browser tests' files
        if (source / folder).is_dir():
            shutil.copytree(source / folder, output / folder, dirs_exist_ok=True)
            copied.append(str(output / folder))
    return copied


_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.EEXIST, errno.ENOTDIR, errno.ENOENT,
                 errno.EISDIR}


def _output_error(exc: OSError, output: Path, run_id: int) -> ConfigError | InfrastructureError:
    """A failed copy as one message: the folder and the reason."""
    reason = exc.strerror or str(exc)
    where = exc.filename or output
    if exc.errno in _NOT_WRITABLE:
        return ConfigError(f"--output {output}: cannot write {where} ({reason}); give a folder "
                           f"you can write to")
    return InfrastructureError(f"copying run {run_id}'s artifacts to {output} failed at {where} "
                               f"({reason})")


def finish(ctx: Any, api_url: str, as_json: bool, verdict: Any = None) -> int:
    """Print how the run ended; return its exit code. ``verdict`` (the flow's
    ``qatron.verdict.Verdict``, announced before the reports) says how, when given."""
    from qatron.store import ResultsStore

    with ResultsStore(ctx.database_url) as store:
        record = _record(store, ctx.run_id)
    state, message = RunStatus(record.status), record.message
    if verdict is not None:
        state, message = verdict.status, verdict.message
    elif not state.terminal:
        with ResultsStore(ctx.database_url) as store:
            store.set_status(ctx.run_id, RunStatus.INFRA_FAILED, "the flow run ended abnormally")
        state = RunStatus.INFRA_FAILED
    data = record_json(record) | {"status": state.value, "exit_code": state.exit_code,
                                  "message": message,
                                  "report": str(ctx.run_dir / "report.html"),
                                  "junit": str(ctx.run_dir / "junit.xml"),
                                  "prefect_ui": api_url.removesuffix("/api")}
    if as_json:
        print(json.dumps(data, indent=2))
    else:
        _print_summary(data)
    return state.exit_code


def _print_summary(data: dict[str, Any]) -> None:
    style = STATUS_STYLE.get(data["status"], "cyan")
    counts = data["counts"]
    err.print()
    show(f"run {{id}} [{style} bold]{{status}}[/]: {{message}}", id=data["id"],
         status=data["status"], message=data["message"])
    err.print(f"  tests   {counts.get('total', 0)} total, {counts.get('passed', 0)} passed, "
              f"{counts.get('failed', 0) + counts.get('error', 0)} failed, "
              f"{counts.get('skipped', 0)} skipped, {counts.get('flaky', 0)} flaky")
    err.print(f"  report  {data['report']}\n  junit   {data['junit']}")
    err.print(f"  prefect {data['prefect_ui']}/runs  (stop it with `qatron server stop`)")
    err.print(f"  exit    {data['exit_code']}")
