"""Run folders copied to S3 (results.artifacts) by the run-suite flow, against moto's real
S3 server and the session's Prefect server: uploads, presigned links, failures that keep
the run and its files, a later retry, downloads and the retention clean-up."""

from __future__ import annotations

import re
import shutil
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, update

from flows.cleanup_artifacts import cleanup_artifacts
from qatron.artifacts_s3 import upload_run
from qatron.config_artifacts import ArtifactStorage
from qatron.store import ResultsStore, default_database_url
from qatron.store.models import RunRow
from tests.flows.test_run_suite import execute
from tests.projects import artifacts_of, qatron, write_project

TESTS = {"tests/test_cart.py": "def test_adds():\n    assert 1 + 1 == 2\n\n\n"
                               "def test_total():\n    assert sum([1, 2]) == 4\n"}


@pytest.fixture
def bucket(s3_client: Any) -> Iterator[str]:
    """A new, empty bucket; emptied and deleted afterwards."""
    name = f"qatron-artifacts-{uuid.uuid4().hex[:10]}"
    s3_client.create_bucket(Bucket=name)
    yield name
    _delete_bucket(s3_client, name)


def _delete_bucket(s3_client: Any, name: str) -> None:
    for key in keys(s3_client, name, ""):
        s3_client.delete_object(Bucket=name, Key=key)
    s3_client.delete_bucket(Bucket=name)


def keys(s3_client: Any, bucket: str, prefix: str) -> list[str]:
    listed = s3_client.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def shop(root: Path, endpoint: str, bucket: str, retries: int = 0) -> Path:
    return write_project(root, f"""
        project: shop
        suites: {{all: {{paths: [tests]}}}}
        results:
          artifacts:
            url: s3://{bucket}/ci
            endpoint_url: {endpoint}
            region: us-east-1
            presign_expiry: 600
            retries: {retries}
    """, TESTS)


def test_a_run_is_uploaded_linked_presigned_and_downloaded_once_its_folder_is_gone(
        tmp_path: Path, s3_endpoint: str, s3_client: Any, bucket: str) -> None:
    project = shop(tmp_path / "shop", s3_endpoint, bucket)

    state, record, _ = execute(project, "all")

    assert record.status == "failed" and state.name == "Failed"  # test_total fails
    run_dir = Path(record.run_dir)
    prefix = f"ci/shop/{record.id}/"
    stored = keys(s3_client, bucket, prefix)
    assert {f"{prefix}report.html", f"{prefix}junit.xml", f"{prefix}logs/shard-1.log"} \
        <= set(stored)
    assert any(key.startswith(f"{prefix}shards/") for key in stored)
    assert not any("environment.json" in key for key in stored)
    with ResultsStore(default_database_url(project)) as store:
        uploads = store.artifact_uploads(record.id)
    assert {u.state for u in uploads} == {"uploaded"}
    assert sorted(u.key for u in uploads) == stored

    links = {a.key: a.data for a in artifacts_of(record.flow_run_id) if "(S3, " in a.data}
    assert set(links) == {"qatron-all-local-report", "qatron-all-local-junit"}
    report_link = re.fullmatch(r"\[HTML report of run \d+ \(S3, valid 600 s\)\]\((.+)\)",
                               links["qatron-all-local-report"]).group(1)
    assert report_link.startswith(f"{s3_endpoint}/{bucket}/{prefix}report.html?")
    with urllib.request.urlopen(report_link, timeout=10) as response:  # noqa: S310
        assert response.headers["Content-Type"] == "text/html"
        assert response.read() == (run_dir / "report.html").read_bytes()

    kept = (run_dir / "junit.xml").read_bytes()
    shutil.rmtree(run_dir)
    copied = qatron("runs", "artifacts", str(record.id), "--output", str(tmp_path / "out"),
                    "--project", str(project), env={})
    assert copied.returncode == 0, copied.stderr
    assert "downloaded" in copied.stderr and f"s3://{bucket}/{prefix}" in copied.stderr
    assert (tmp_path / "out" / "junit.xml").read_bytes() == kept
    assert (tmp_path / "out" / "logs" / "shard-1.log").is_file()


def test_a_failed_upload_keeps_the_run_and_its_files_and_a_later_retry_uploads_them(
        tmp_path: Path, s3_endpoint: str, s3_client: Any) -> None:
    missing = f"qatron-artifacts-{uuid.uuid4().hex[:10]}"
    project = shop(tmp_path / "shop", s3_endpoint, missing, retries=1)
    (project / "tests" / "test_cart.py").write_text("def test_adds():\n    assert True\n")

    state, record, _ = execute(project, "all")

    assert record.status == "completed" and state.name == "Completed", record.message
    run_dir = Path(record.run_dir)
    assert (run_dir / "report.html").is_file() and (run_dir / "junit.xml").is_file()
    with ResultsStore(default_database_url(project)) as store:
        uploads = store.artifact_uploads(record.id)
    assert {u.state for u in uploads} == {"failed"}
    assert all(u.attempts == 2 for u in uploads)  # the task's first attempt and its retry
    assert f"bucket {missing!r} does not exist" in uploads[0].detail

    down = ArtifactStorage(url=f"s3://{missing}/ci", endpoint_url="http://127.0.0.1:9",
                           region="us-east-1")
    with ResultsStore(default_database_url(project)) as store:
        report = upload_run(down, store, "shop", record.id, run_dir)
    assert not report.uploaded and len(report.failed) == len(uploads)
    assert "EndpointConnectionError" in report.failed[0].detail
    assert (run_dir / "report.html").is_file()

    s3_client.create_bucket(Bucket=missing)
    try:
        cleaned = cleanup_artifacts(project=str(project), return_state=True)
        assert cleaned.is_completed(), cleaned.message
        with ResultsStore(default_database_url(project)) as store:
            again = store.artifact_uploads(record.id)
        assert {u.state for u in again} == {"uploaded"}
        assert keys(s3_client, missing, f"ci/shop/{record.id}/") == sorted(u.key for u in again)
    finally:
        _delete_bucket(s3_client, missing)


def test_cleanup_removes_expired_runs_objects_and_keeps_recent_ones(
        tmp_path: Path, s3_endpoint: str, s3_client: Any, bucket: str) -> None:
    project = shop(tmp_path / "shop", s3_endpoint, bucket)
    old = execute(project, "all")[1]
    recent = execute(project, "all")[1]
    url = default_database_url(project)
    engine = create_engine(url)
    with engine.begin() as connection:  # the older run ended 40 days ago
        connection.execute(update(RunRow).where(RunRow.id == old.id).values(
            finished_at=datetime.now(UTC) - timedelta(days=40)))
    engine.dispose()
    assert keys(s3_client, bucket, f"ci/shop/{old.id}/")

    state = cleanup_artifacts(project=str(project), retention_days=30, return_state=True)

    assert state.is_completed(), state.message
    assert "deleted" in state.message and "S3 object(s) of 1 run(s)" in state.message
    assert keys(s3_client, bucket, f"ci/shop/{old.id}/") == []
    assert f"ci/shop/{recent.id}/report.html" in keys(s3_client, bucket, f"ci/shop/{recent.id}/")
    with ResultsStore(url) as store:
        assert {u.state for u in store.artifact_uploads(old.id)} == {"deleted"}
        assert {u.state for u in store.artifact_uploads(recent.id)} == {"uploaded"}
    gone = qatron("runs", "artifacts", str(old.id), "--download", str(tmp_path / "old"),
                  "--project", str(project), env={})
    assert gone.returncode != 0 and "has no files in" in gone.stderr, gone.stderr
