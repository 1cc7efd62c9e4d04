"""Copy a run's reports and artifacts to S3 (``results.artifacts`` in qatron.yml).

An upload never fails the run and never touches the local copy: boto3 retries each
request, the task retries the files that failed, and what still failed is recorded in
the results store, where the ``cleanup-artifacts`` flow finds it and uploads it again.

    >>> upload_artifacts(ctx, summary)          # in run-suite's reporting, after the reports
"""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from qatron.artifacts_s3 import (
    BucketCleanup,
    UploadReport,
    clean_bucket,
    presigned_url,
    s3_client,
    upload_failed,
    upload_run,
)
from qatron.config import load_project
from qatron.errors import InfrastructureError
from qatron.models import RunSummary
from qatron.run import RunContext
from qatron.store import ResultsStore, database_url
from reports.s3_links import publish_s3_links
from tasks.status import best_effort

#: Seconds between the task's attempts (boto3 has retried each request before).
RETRY_DELAYS: list[float] = [2, 10, 30]


@task(name="upload-run-artifacts", task_run_name="upload run {summary.run_id} to S3",
      cache_policy=NO_CACHE, retries=2, retry_delay_seconds=RETRY_DELAYS)
def upload_run_artifacts(ctx: RunContext, summary: RunSummary) -> UploadReport:
    """Upload the run folder's reports and artifacts; publish presigned links to them.

    Raises InfrastructureError (so the task retries) while some file is not uploaded;
    each attempt uploads only what is still missing.
    """
    storage = ctx.project.config.results.artifacts
    assert storage is not None, "upload_artifacts checks results.artifacts first"
    with ctx.store() as store:
        missing = [u.path for u in store.artifact_uploads(ctx.run_id) if u.state == "failed"]
        report = upload_run(storage, store, ctx.project_name, ctx.run_id, ctx.run_dir,
                            only=missing or None)
    if not report.ok:
        raise InfrastructureError(f"run {ctx.run_id}: {report.summary()}")
    client = s3_client(storage)
    with ctx.store() as store:
        links = {u.path: presigned_url(storage, u.key, client)
                 for u in store.artifact_uploads(ctx.run_id) if u.state == "uploaded"}
    best_effort("S3 links", lambda: publish_s3_links(summary, links, report.url,
                                                     storage.presign_expiry))
    get_run_logger().info("run %d: %s", ctx.run_id, report.summary())
    return report


def upload_artifacts(ctx: RunContext, summary: RunSummary) -> None:
    """The run's upload, when qatron.yml asks for one; a failure is logged, never raised."""
    storage = ctx.project.config.results.artifacts
    if storage is None:
        return
    state = upload_run_artifacts.with_options(
        retries=storage.retries, retry_delay_seconds=RETRY_DELAYS[:storage.retries] or 0,
    )(ctx, summary, return_state=True)
    if not state.is_completed():
        get_run_logger().warning(
            "run %d: artifacts not all uploaded to %s (%s); the local copy in %s stays, and "
            "the cleanup-artifacts flow uploads them again", ctx.run_id, storage.url,
            state.message, ctx.run_dir)


@task(name="retry-artifact-uploads", cache_policy=NO_CACHE)
def retry_artifact_uploads(project: str) -> list[UploadReport]:
    """Upload again the files whose upload failed, of runs whose folder is still there."""
    loaded = load_project(project)
    storage = loaded.config.results.artifacts
    if storage is None:
        return []
    with ResultsStore(database_url(loaded)) as store:
        reports = upload_failed(storage, store, loaded.name)
    for report in reports:
        get_run_logger().info("run %d: %s", report.run_id, report.summary())
    return reports


@task(name="delete-s3-artifacts", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def delete_s3_artifacts(project: str, retention_days: int, dry_run: bool
                        ) -> BucketCleanup | None:
    """Delete from the bucket the files of runs that ended over ``retention_days`` ago
    (None: the project keeps no files in S3)."""
    loaded = load_project(project)
    storage = loaded.config.results.artifacts
    if storage is None:
        return None
    with ResultsStore(database_url(loaded)) as store:
        return clean_bucket(storage, store, loaded.name, retention_days, dry_run=dry_run)
