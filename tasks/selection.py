"""Select the tests a change can break, and record coverage for the next selection."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.pytest_runner import Collection, TestCommand
from qatron.run import RunContext
from qatron.selection import Selection, select_tests
from qatron.selection.git import toplevel
from qatron.selection.history import load_history
from qatron.selection.recording import data_files, read_coverage
from qatron.selection.services import service_code

ARTIFACT_ROWS = 200


@task(name="select-tests", task_run_name="select changes since {base}", cache_policy=NO_CACHE)
def select_changed(ctx: RunContext, command: TestCommand, collection: Collection,
                   base: str) -> Selection:
    """The collected tests that the change from ``base`` to the working tree may break."""
    project = ctx.project
    app_name, application = project.application_of(project.suite(ctx.suite))
    with ctx.store() as store:
        coverage = store.load_coverage_map(project.name, app_name)
        history = load_history(store, project.name, ctx.suite)
    services = service_code([project.environment(ctx.environment)], project.root,
                            toplevel(command.app_dir))
    selection = select_tests(command.app_dir, base, tests=collection.nodeids,
                             rules=application.selection, coverage=coverage,
                             history=history, services=services)
    get_run_logger().info("%d of %d tests selected (%d fallbacks)", len(selection.selected),
                          selection.total, len(selection.fallbacks))
    create_markdown_artifact(key=f"qatron-{_slug(ctx.suite)}-{_slug(ctx.environment)}-selection",
                             markdown=selection_markdown(selection),
                             description=f"tests selected for run {ctx.run_id}")
    return selection


@task(name="record-coverage", task_run_name="record coverage of run {ctx.run_id}",
      cache_policy=NO_CACHE)
def record_coverage(ctx: RunContext, command: TestCommand, collection: Collection) -> int:
    """Store which test ran which lines in this run; return the number of files."""
    if command.coverage_dir is None:
        return 0
    cmap = read_coverage(data_files(command.coverage_dir), command.app_dir)
    project = ctx.project
    app_name, _ = project.application_of(project.suite(ctx.suite))
    with ctx.store() as store:
        store.save_coverage_map(project.name, app_name, cmap, ctx.run_id,
                                collected=collection.nodeids)
    return len(cmap.files)


def selection_markdown(selection: Selection) -> str:
    """The selection as a Prefect markdown artifact: counts, fallbacks, tests with reasons."""
    lines = [f"# {len(selection.selected)} of {selection.total} tests selected",
             f"Changes from `{selection.base}` to `{selection.head or 'the working tree'}`: "
             f"{len(selection.changed)} files; {selection.skipped} tests left out.", ""]
    if selection.fallbacks:
        lines += ["## Fallbacks", *[f"- {_cell(f)}" for f in selection.fallbacks], ""]
    lines += ["| test | why |", "| --- | --- |"]
    lines += [f"| `{_cell(t.nodeid)}` | {_cell('; '.join(t.reasons))} |"
              for t in selection.selected[:ARTIFACT_ROWS]]
    if len(selection.selected) > ARTIFACT_ROWS:
        lines.append(f"| … | {len(selection.selected) - ARTIFACT_ROWS} more |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
