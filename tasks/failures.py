"""Analyse a run's failures, keep the verdicts with the run, and notify the owning teams."""

from __future__ import annotations

import os
import socket
from typing import Any

from prefect import task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.failures import Analyser, Analysis, Failure
from qatron.failures.analyse import recall
from qatron.failures.labels import labels_by_fingerprint, load_labels
from qatron.failures.notify import notify_run
from qatron.models import TestResult
from qatron.run import RunContext

#: A test's history says "flaky" only once it has this many runs (this one included).
HISTORY_RUNS = 5
#: How many earlier runs give a cluster its first sighting and run count.
HISTORY_LIMIT = 200


@task(name="analyse-failures", task_run_name="analyse failures of run {ctx.run_id}",
      cache_policy=NO_CACHE)
def analyse_failures(ctx: RunContext, results: list[TestResult],
                     health: dict[str, str] | None = None) -> Analysis:
    """Categorise, cluster and route the failed (and flaky) tests; store it with the run,
    publish a table artifact, and send each team one message per cluster.

    ``health`` is each service's health when the shards ended (``ok`` or what failed).
    """
    project = ctx.project
    with ctx.store() as store:
        scores = {nodeid: record.score for nodeid, record in
                  store.flakiness(ctx.project_name).items() if record.runs >= HISTORY_RUNS}
        labels = labels_by_fingerprint(load_labels(store, ctx.project_name))
    failures = [Failure.from_result(r, health, flakiness=scores.get(r.nodeid, 0.0))
                for r in results if r.outcome.is_failure or r.flaky]
    analysis = Analyser(project.config.failure_analysis, project.root,
                        source=str(project.path), labels=labels).analyse(failures)
    with ctx.store() as store:
        earlier = [(created_at.timestamp(), clusters) for created_at, clusters in
                   store.cluster_history(ctx.project_name, last=HISTORY_LIMIT,
                                         excluding=ctx.run_id)]
        recall(analysis.clusters, earlier)
        store.save_failure_analysis(ctx.run_id, [item.to_json() for item in analysis.failures],
                                    [cluster.to_json() for cluster in analysis.clusters])
    if analysis.clusters:
        create_table_artifact(
            key=f"qatron-run-{ctx.run_id}-failure-clusters",
            table=[{"cluster": c.id, "category": c.category, "team": c.team,
                    "failures": c.count, "representative": c.representative,
                    "where to look": c.suggestion} for c in analysis.clusters],
            description=f"Failures of run {ctx.run_id} by cause", _sync=True)
        _notify(ctx, analysis)
    get_run_logger().info("%d failure(s) in %d cluster(s)", len(analysis.failures),
                          len(analysis.clusters))
    return analysis


def _notify(ctx: RunContext, analysis: Analysis) -> None:
    """One message per cluster to its team's notifier, each claimed in the store before it
    is sent, so a retried task or a second worker never sends it twice."""
    config = ctx.project.config.failure_analysis
    logger = get_run_logger()
    run = {"run_id": ctx.run_id, "project": ctx.project_name, "suite": ctx.suite,
           "environment": ctx.environment, "branch": ctx.branch, "commit": ctx.commit,
           "report_url": (ctx.run_dir / "report.html").resolve().as_uri()}
    with ctx.store() as store:
        deliveries = notify_run(store, ctx.run_id, analysis.clusters, config.notify, run,
                                by=f"{socket.gethostname()}:{os.getpid()}",
                                log=logger.warning, to_block=_to_block)
    for delivery in deliveries:
        if not delivery.ok:
            logger.warning("could not notify %s of cluster %s through %s: %s; a retry of "
                           "this task sends it", delivery.team, delivery.cluster,
                           delivery.notifier, delivery.detail)


def _to_block(name: str, cluster: Any, run: dict[str, Any]) -> None:
    """A Prefect notification block (Slack, Teams, email…) saved under ``name``."""
    from prefect.blocks.core import Block

    block = Block.load(name)
    block.notify(body=f"{cluster.count} failure(s), {cluster.category}: {cluster.suggestion}",
                 subject=f"QAtron run {run['run_id']} ({run['suite']}): cluster {cluster.id}")
