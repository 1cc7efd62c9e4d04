"""The S3 artifact tasks through ``.fn()`` against moto's real S3 server: what a run folder
uploads, a missing bucket raised for the task's retry and only the missing files uploaded
on the next attempt, links published in a flow run, nothing to do without results.artifacts."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from qatron.errors import InfrastructureError
from qatron.models import RunStatus, RunSummary
from qatron.run import RunContext
from qatron.store import ResultsStore
from tasks.artifacts import delete_s3_artifacts, retry_artifact_uploads, upload_run_artifacts
from tests.projects import artifacts_of, write_project
from tests.tasks.conftest import OpenContext, in_flow


def run_folder(ctx: RunContext) -> None:
    """A run folder with reports, a log, and what is never uploaded."""
    for name, text in {"report.html": "<html>report</html>", "junit.xml": "<testsuites/>",
                       "logs/shard-1.log": "ok\n", "environment.json": '{"password": "x"}',
                       "data/orders.csv": "id\n1\n"}.items():
        (ctx.run_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (ctx.run_dir / name).write_text(text)


def summary_of(ctx: RunContext) -> RunSummary:
    return RunSummary(run_id=ctx.run_id, project=ctx.project_name, suite=ctx.suite,
                      environment=ctx.environment, status=RunStatus.COMPLETED)


def test_a_missing_bucket_is_raised_then_only_missing_files_are_uploaded(
        tmp_path: Path, open_ctx: OpenContext, s3_endpoint: str, s3_client: Any,
        prefect_api_url: str) -> None:
    bucket = f"qatron-tasks-{uuid.uuid4().hex[:10]}"
    project = write_project(tmp_path / "p", f"""
        project: tidy
        suites: {{all: {{}}}}
        results: {{artifacts: {{url: 's3://{bucket}', endpoint_url: '{s3_endpoint}'}}}}
    """, {})
    ctx = open_ctx(project, "all")
    run_folder(ctx)

    with pytest.raises(InfrastructureError, match=f"bucket '{bucket}' does not exist"):
        upload_run_artifacts.fn(ctx, summary_of(ctx))
    s3_client.create_bucket(Bucket=bucket)
    try:
        with ResultsStore(ctx.database_url) as store:  # as if junit.xml had got there
            store.record_uploads(ctx.run_id, [
                replace(u, state="uploaded", attempts=0)
                for u in store.artifact_uploads(ctx.run_id) if u.path == "junit.xml"])
        report, flow_run = in_flow(lambda: upload_run_artifacts.fn(ctx, summary_of(ctx)))

        assert [u.path for u in report.uploaded] == ["logs/shard-1.log", "report.html"]
        listed = s3_client.list_objects_v2(Bucket=bucket).get("Contents", [])
        assert sorted(item["Key"] for item in listed) == [
            f"tidy/{ctx.run_id}/logs/shard-1.log", f"tidy/{ctx.run_id}/report.html"]
        keys = {a.key for a in artifacts_of(flow_run)}
        assert {"qatron-all-local-report", "qatron-all-local-junit", "qatron-all-local-s3"} \
            <= keys
        with ResultsStore(ctx.database_url) as store:
            attempts = {u.path: u.attempts for u in store.artifact_uploads(ctx.run_id)}
        assert attempts == {"junit.xml": 1, "logs/shard-1.log": 2, "report.html": 2}
        assert (ctx.run_dir / "report.html").read_text() == "<html>report</html>"  # kept
    finally:
        for item in s3_client.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3_client.delete_object(Bucket=bucket, Key=item["Key"])
        s3_client.delete_bucket(Bucket=bucket)


def test_without_results_artifacts_there_is_nothing_to_retry_or_delete(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", "project: tidy\nsuites: {all: {}}\n", {})
    assert retry_artifact_uploads.fn(str(project)) == []
    assert delete_s3_artifacts.fn(str(project), 30, False) is None
