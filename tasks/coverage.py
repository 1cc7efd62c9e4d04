"""Total a run's line coverage from its shards' coverage.py data and store it.

    summary = summarise_coverage(ctx, command)       # in run-suite, after the shards
    status, note = gate(status, summary)             # qatron.coverage_summary

A run measures coverage when its suite's layer has a threshold in qatron.yml
(``coverage.thresholds``) or the suite sets ``record_coverage: true``.
"""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.coverage_summary import (
    CoverageSummary,
    format_percent,
    measures_coverage,
    summarise_suite,
)
from qatron.errors import InfrastructureError
from qatron.planning import selection_base
from qatron.pytest_runner import TestCommand
from qatron.run import RunContext
from qatron.selection.recording import data_files

#: The combined coverage.py data of a run, in its folder (``coverage report --data-file``).
COMBINED = "coverage.db"


@task(name="summarise-coverage", task_run_name="summarise coverage of run {ctx.run_id}",
      cache_policy=NO_CACHE)
def summarise_coverage(ctx: RunContext, command: TestCommand) -> CoverageSummary | None:
    """Combine the shards' coverage, store the run's line coverage of its layer, return it.

    None when the suite does not measure coverage, or the run ran only some of the
    suite's tests (``--failed-only``, change-based selection): their coverage is not
    the suite's, and would fail its threshold for no reason.
    """
    from coverage.exceptions import CoverageException

    project = ctx.project
    suite = project.suite(ctx.suite)
    if command.coverage_dir is None or not measures_coverage(project, suite):
        return None
    logger = get_run_logger()
    if ctx.options.failed_only or selection_base(ctx) is not None:
        logger.info("coverage not totalled: run %d ran only some of the suite's tests",
                    ctx.run_id)
        return None
    try:
        summary = summarise_suite(project, suite, data_files(command.coverage_dir),
                                  ctx.run_dir / COMBINED)
    except CoverageException as exc:
        raise InfrastructureError(f"cannot total the coverage of run {ctx.run_id} from "
                                  f"{command.coverage_dir}: {exc}") from exc
    with ctx.store() as store:
        store.save_run_coverage(ctx.run_id, summary)
    logger.info("%s coverage %s%% (%d of %d statements in %d files)%s", summary.layer,
                format_percent(summary.percent), summary.covered, summary.statements,
                len(summary.files), f"; {summary.shortfall()}" if summary.shortfall() else "")
    return summary
