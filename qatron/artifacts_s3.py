"""A run's reports and artifacts copied to S3, read back, and removed when they expire.

What is uploaded from ``<project>/.qatron/runs/<id>/`` to
``s3://<bucket>/<prefix>/<project>/<id>/`` (same relative paths)::

    report.html, junit.xml, collect.json, coverage.db     the reports and combined coverage
    shards/  logs/  evidence/  coverage/  journeys/  load/ shard XML and results, test and
    allure-results/                                        service logs, screenshots and other
                                                           evidence, coverage data, journey
                                                           and load-test files, Allure results

Not uploaded: ``environment.json`` (service addresses and passwords), ``data/`` (generated
test data, regenerated from its schema) and ``selenium/`` (browser node settings).

Each file's outcome is recorded in the results store (``artifact_uploads``), so a file
that failed is uploaded again later (:func:`upload_failed`); the local copy is never
touched. boto3 retries each request itself (standard mode); the first error that is not
about one file (endpoint down, bucket missing, access denied) stops the attempt and
marks the remaining files failed with the same reason::

    report = upload_run(storage, store, "shop", 42, run_dir)
    report.ok, report.summary()
    presigned_url(storage, report.uploaded[0].key)
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qatron.config_artifacts import ArtifactStorage
from qatron.errors import InfrastructureError
from qatron.retention import cutoff
from qatron.store.artifact_uploads import FAILED, UPLOADED, ArtifactUpload

if TYPE_CHECKING:
    from qatron.store import ResultsStore

__all__ = ["UPLOADED_FILES", "UPLOADED_FOLDERS", "BucketCleanup", "UploadReport",
           "artifact_files", "clean_bucket", "download_run", "presigned_url", "run_prefix",
           "s3_client", "upload_failed", "upload_run"]

UPLOADED_FILES = ("report.html", "junit.xml", "collect.json", "coverage.db")
UPLOADED_FOLDERS = ("shards", "logs", "evidence", "coverage", "journeys", "load",
                    "allure-results")


@dataclass
class UploadReport:
    """How one attempt to upload a run folder went."""

    run_id: int
    url: str
    uploaded: list[ArtifactUpload] = field(default_factory=list)
    failed: list[ArtifactUpload] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        size = sum(upload.size for upload in self.uploaded)
        text = f"{len(self.uploaded)} file(s), {size / 1e6:.1f} MB uploaded to {self.url}"
        if self.failed:
            text += f"; {len(self.failed)} failed: {self.failed[0].detail}"
        return text


@dataclass
class BucketCleanup:
    """Runs whose objects a clean-up deleted (or, dry, would delete) from the bucket."""

    runs: list[int] = field(default_factory=list)
    objects: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would delete" if self.dry_run else "deleted"
        return f"{verb} {self.objects} S3 object(s) of {len(self.runs)} run(s)"


def s3_client(storage: ArtifactStorage) -> Any:
    """A boto3 S3 client for ``storage``: credentials from boto3's chain, its own retries."""
    import boto3
    from botocore.config import Config

    config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5,
                    read_timeout=60,
                    s3={"addressing_style": "path"} if storage.endpoint_url else None)
    return boto3.client("s3", endpoint_url=storage.endpoint_url, region_name=storage.region,
                        config=config)


def run_prefix(storage: ArtifactStorage, project: str, run_id: int) -> str:
    """``<prefix>/<project>/<run_id>/``: where the run's files are kept in the bucket."""
    return "/".join(part for part in (storage.prefix, project, str(run_id)) if part) + "/"


def artifact_files(run_dir: Path) -> list[str]:
    """The run folder's files that are uploaded, as sorted paths relative to it."""
    found = [run_dir / name for name in UPLOADED_FILES if (run_dir / name).is_file()]
    for folder in UPLOADED_FOLDERS:
        if (run_dir / folder).is_dir():
            found += [path for path in (run_dir / folder).rglob("*") if path.is_file()]
    return sorted(path.relative_to(run_dir).as_posix() for path in found)


def upload_run(storage: ArtifactStorage, store: ResultsStore, project: str, run_id: int,
               run_dir: Path, only: Iterable[str] | None = None,
               client: Any = None) -> UploadReport:
    """Upload the run folder's artifacts (or the paths ``only``) and record each outcome."""
    paths = artifact_files(run_dir)
    if only is not None:
        wanted = set(only)
        paths = [path for path in paths if path in wanted]
    prefix = run_prefix(storage, project, run_id)
    report = UploadReport(run_id, f"s3://{storage.bucket}/{prefix}")
    stopped = ""
    client = client or s3_client(storage)
    for path in paths:
        upload = ArtifactUpload(run_id, path, storage.bucket, prefix + path, 0, FAILED, 1, "")
        if stopped:
            report.failed.append(_with(upload, detail=stopped))
            continue
        try:
            size = (run_dir / path).stat().st_size
            client.upload_file(str(run_dir / path), storage.bucket, upload.key,
                               ExtraArgs={"ContentType": _content_type(path)})
            report.uploaded.append(_with(upload, size=size, state=UPLOADED))
        except OSError as exc:  # this file only: it went away or cannot be read
            report.failed.append(_with(upload, detail=f"{path}: {exc.strerror or exc}"))
        except Exception as exc:  # noqa: BLE001 - boto3's errors: the endpoint or the bucket
            stopped = _s3_problem(exc, storage)
            report.failed.append(_with(upload, detail=stopped))
    store.record_uploads(run_id, [*report.uploaded, *report.failed])
    return report


def upload_failed(storage: ArtifactStorage, store: ResultsStore, project: str
                  ) -> list[UploadReport]:
    """Upload again the files whose upload failed, of the project's runs whose folder is
    still there; one report per run tried."""
    reports = []
    for run_id in store.runs_with_failed_uploads(project):
        record = store.get_run(run_id)
        if record is None or not record.run_dir or not Path(record.run_dir).is_dir():
            continue
        failed = [u.path for u in store.artifact_uploads(run_id) if u.state == FAILED]
        reports.append(upload_run(storage, store, project, run_id, Path(record.run_dir),
                                  only=failed))
    return reports


def presigned_url(storage: ArtifactStorage, key: str, client: Any = None) -> str:
    """A URL that downloads ``key`` without credentials for ``storage.presign_expiry`` s."""
    return str((client or s3_client(storage)).generate_presigned_url(
        "get_object", Params={"Bucket": storage.bucket, "Key": key},
        ExpiresIn=storage.presign_expiry))


def download_run(storage: ArtifactStorage, project: str, run_id: int, output: Path,
                 client: Any = None) -> list[Path]:
    """Download the run's files from the bucket into ``output`` (same relative paths)."""
    client = client or s3_client(storage)
    prefix = run_prefix(storage, project, run_id)
    try:
        keys = _keys(client, storage.bucket, prefix)
        if not keys:
            raise InfrastructureError(f"run {run_id} has no files in s3://{storage.bucket}/"
                                      f"{prefix}: they were not uploaded, or the retention "
                                      f"clean-up removed them")
        written = []
        for key in keys:
            target = output / key.removeprefix(prefix)
            if not target.resolve().is_relative_to(output.resolve()):
                continue  # a key with '..' never writes outside the output folder
            target.parent.mkdir(parents=True, exist_ok=True)
            client.download_file(storage.bucket, key, str(target))
            written.append(target)
        return written
    except (InfrastructureError, OSError):  # OSError: the output folder (the caller says)
        raise
    except Exception as exc:  # noqa: BLE001 - boto3's errors
        raise InfrastructureError(f"downloading run {run_id}'s files failed: "
                                  f"{_s3_problem(exc, storage)}") from None


def clean_bucket(storage: ArtifactStorage, store: ResultsStore, project: str,
                 retention_days: int, dry_run: bool = False, now: datetime | None = None,
                 client: Any = None) -> BucketCleanup:
    """Delete from the bucket the files of runs that ended over ``retention_days`` ago
    (the rule that removes run folders) and mark them deleted in the store."""
    cleanup = BucketCleanup(dry_run=dry_run)
    client = client or s3_client(storage)
    for run_id in store.runs_uploaded_before(project, cutoff(retention_days, now)):
        keys = _keys(client, storage.bucket, run_prefix(storage, project, run_id))
        if not dry_run:
            for start in range(0, len(keys), 1000):  # DeleteObjects takes 1000 keys at most
                client.delete_objects(Bucket=storage.bucket, Delete={
                    "Objects": [{"Key": key} for key in keys[start:start + 1000]],
                    "Quiet": True})
            store.mark_uploads_deleted(run_id)
        cleanup.runs.append(run_id)
        cleanup.objects += len(keys)
    return cleanup


def _keys(client: Any, bucket: str, prefix: str) -> list[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


def _content_type(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def _with(upload: ArtifactUpload, **changes: Any) -> ArtifactUpload:
    return replace(upload, **changes)


def _s3_problem(exc: Exception, storage: ArtifactStorage) -> str:
    """One line: what S3 said, and what to check."""
    where = storage.endpoint_url or "AWS S3"
    code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
    text = " ".join(str(exc).split())
    if code == "NoSuchBucket" or "NoSuchBucket" in text:
        return f"bucket {storage.bucket!r} does not exist at {where}: create it or fix " \
               f"results.artifacts.url"
    if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
        return f"{where} refused the credentials ({code}): check AWS_ACCESS_KEY_ID / " \
               f"AWS_PROFILE"
    return f"{type(exc).__name__} at {where}: {text[:300]}"
