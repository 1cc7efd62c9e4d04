"""The ``cleanup-artifacts`` flow: remove the files and artifacts of old runs.

    upload again the S3 uploads that failed (``results.artifacts``) ─►
    runs that ended over ``retention_days`` ago ─► remove their run folders
    (reports, JUnit XML, logs, coverage) and their files in S3 ─► delete their
    flow runs' Prefect artifacts ─► a markdown artifact saying what went

Results stay in the store: history, durations and flakiness are untouched.
Deployed daily at 03:00 UTC; the retention is qatron.yml's
``results.retention_days`` (default 30) unless the run gives one.
"""

from __future__ import annotations

from contextlib import suppress
from uuid import UUID

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.exceptions import ObjectNotFound
from prefect.states import Completed, State

from qatron.config import load_project
from qatron.retention import Cleanup, clean_run_folders
from qatron.run import database_url
from qatron.store import ResultsStore
from tasks.artifacts import delete_s3_artifacts, retry_artifact_uploads


@task(name="remove-run-folders", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def remove_run_folders(project: str, retention_days: int, dry_run: bool) -> Cleanup:
    """Remove expired runs' folders and mark the runs in the results store."""
    loaded = load_project(project)
    with ResultsStore(database_url(loaded)) as store:
        return clean_run_folders(loaded, store, retention_days, dry_run=dry_run)


@task(name="delete-run-artifacts", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def delete_run_artifacts(flow_run_ids: list[str], dry_run: bool) -> int:
    """Delete the Prefect artifacts of these flow runs; return how many there were."""
    if not flow_run_ids:
        return 0
    runs = FlowRunFilter(id=FlowRunFilterId(any_=[UUID(run_id) for run_id in flow_run_ids]))
    count = 0
    with get_client(sync_client=True) as client:
        for artifact in client.read_artifacts(flow_run_filter=runs):
            count += 1
            if not dry_run:
                with suppress(ObjectNotFound):  # deleted meanwhile by another clean-up
                    client.delete_artifact(artifact.id)
    return count


@flow(name="cleanup-artifacts", flow_run_name="clean up {project}")
def cleanup_artifacts(project: str = ".", retention_days: int | None = None,
                      dry_run: bool = False) -> State:
    """Remove the run folders and Prefect artifacts of runs that ended long ago.

    Args:
        project: the folder holding qatron.yml (relative to the working directory).
        retention_days: keep the files of runs that ended within this many days
            (default: qatron.yml's results.retention_days, 30 unless set).
        dry_run: only report what would be removed.
    """
    days = retention_days or load_project(project).config.results.retention_days
    if not dry_run:
        retry_artifact_uploads(project)
    cleanup = remove_run_folders(project, days, dry_run)
    bucket = delete_s3_artifacts(project, days, dry_run)
    artifacts = delete_run_artifacts(cleanup.flow_run_ids, dry_run)
    verb = "would delete" if dry_run else "deleted"
    said = [cleanup.summary(), *([bucket.summary()] if bucket else [])]
    message = f"{'; '.join(said)}; {verb} {artifacts} Prefect artifact(s); " \
              f"retention {days} days"
    get_run_logger().info(message)
    runs = ", ".join(str(run) for run in cleanup.runs) or "none"
    create_markdown_artifact(key="qatron-cleanup", description="Artifact clean-up",
                             markdown=f"## Artifact clean-up\n\n{message}.\n\nRuns: {runs}\n")
    return Completed(message=message)
