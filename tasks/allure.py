"""Write a run's Allure results into its run folder (qatron.yml ``results: {allure: true}``)."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.models import RunSummary
from qatron.run import RunContext


@task(name="write-allure-results", task_run_name="allure results of run {ctx.run_id}",
      cache_policy=NO_CACHE)
def write_allure_results(ctx: RunContext, summary: RunSummary) -> Path | None:
    """``<run folder>/allure-results`` of the run (see qatron.allure), or None when it could
    not be written: that is logged, and never fails or loses the run.

        if ctx.project.config.results.allure:
            write_allure_results(ctx, summary)
    """
    from qatron.allure import RESULTS_DIR, export_summary

    try:
        with ctx.store() as store:
            export = export_summary(ctx.project, store, summary, ctx.run_dir / RESULTS_DIR)
    except Exception as exc:  # noqa: BLE001 - an export is a convenience: keep the run
        get_run_logger().warning("Allure results of run %s not written: %s: %s", ctx.run_id,
                                 type(exc).__name__, exc)
        return None
    get_run_logger().info("Allure results of run %s: %s test(s) in %s", ctx.run_id,
                          export.results, export.path)
    return export.path
