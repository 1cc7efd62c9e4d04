"""``type: s3``: a bucket of the run's own on an S3 endpoint, emptied and deleted afterwards.

The bucket is named ``qatron-<run tag>-<service>`` and tagged with the run's
labels (owner and project included), so that ``qatron env gc`` (and the
project's next run) can delete it if the run crashed. Works with AWS, MinIO and
moto's server (``endpoint_url``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from qatron.config import S3Service
from qatron.drivers.base import LABEL_OWNER, Orphan, StartContext, Started
from qatron.errors import InfrastructureError
from qatron.gc import owned_labels, swept


@dataclass
class Endpoint:
    """Where and how to reach S3."""

    endpoint_url: str | None
    region: str
    access_key_id: str | None = None
    secret_access_key: str | None = field(default=None, repr=False)

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3", endpoint_url=self.endpoint_url, region_name=self.region,
            aws_access_key_id=self.access_key_id or os.environ.get("AWS_ACCESS_KEY_ID"),
            aws_secret_access_key=self.secret_access_key or os.environ.get(
                "AWS_SECRET_ACCESS_KEY"),
            config=Config(s3={"addressing_style": "path"}, connect_timeout=5, read_timeout=30,
                          retries={"max_attempts": 2}))

    @property
    def shown(self) -> str:
        return self.endpoint_url or f"AWS S3 ({self.region})"


@dataclass
class RunningBucket(Started):
    name: str
    log_path: Path
    endpoint: Endpoint
    bucket: str
    deleted: bool = False

    @property
    def values(self) -> dict[str, object]:
        return {"url": f"s3://{self.bucket}", "bucket": self.bucket,
                "endpoint_url": self.endpoint.endpoint_url or "", "region": self.endpoint.region}

    def stop(self) -> None:
        if not self.deleted:
            delete_bucket(self.endpoint.client(), self.bucket)
            self.deleted = True


def start_s3(spec: S3Service, ctx: StartContext) -> RunningBucket:
    """Create and tag the run's bucket."""
    from botocore.exceptions import BotoCoreError, ClientError

    endpoint = Endpoint(endpoint_url=ctx.fill(spec.endpoint_url, f"{ctx.key}.endpoint_url"),
                        region=spec.region, access_key_id=spec.access_key_id,
                        secret_access_key=spec.secret_access_key)
    bucket = ctx.resource_name(limit=63)
    client = endpoint.client()
    deadline = time.monotonic() + spec.startup_timeout
    while True:
        try:
            options = ({} if spec.region == "us-east-1" else
                       {"CreateBucketConfiguration": {"LocationConstraint": spec.region}})
            client.create_bucket(Bucket=bucket, **options)
            break
        except ClientError as exc:
            raise InfrastructureError(f"{ctx.key}: could not create bucket {bucket} at "
                                      f"{endpoint.shown}: {_reason(exc)}") from None
        except BotoCoreError as exc:
            if time.monotonic() > deadline:
                raise InfrastructureError(
                    f"{ctx.key}: no S3 endpoint reachable at {endpoint.shown} ({exc}); start "
                    f"it or fix `endpoint_url`") from None
            time.sleep(0.5)
    running = RunningBucket(name=ctx.service, log_path=ctx.log_path, endpoint=endpoint,
                            bucket=bucket)
    try:
        client.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [
            {"Key": key, "Value": value} for key, value in owned_labels(ctx).items()]})
    except BaseException:
        running.stop()
        raise
    ctx.log(f"created bucket {bucket} at {endpoint.shown}")
    return running


def _reason(exc: Any) -> str:
    error = exc.response.get("Error", {})
    return f"{error.get('Code', 'error')}: {error.get('Message', str(exc))}"


def delete_bucket(client: Any, bucket: str) -> None:
    """Delete every object (and version) in ``bucket``, then the bucket; gone already is fine."""
    from botocore.exceptions import ClientError

    try:
        for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
            doomed = [{"Key": o["Key"], "VersionId": o["VersionId"]}
                      for o in [*page.get("Versions", []), *page.get("DeleteMarkers", [])]]
            for start in range(0, len(doomed), 1000):
                client.delete_objects(Bucket=bucket,
                                      Delete={"Objects": doomed[start:start + 1000]})
        client.delete_bucket(Bucket=bucket)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "NoSuchBucket":
            raise


def find_orphans(endpoint: Endpoint, *, project: str | None = None,
                 everything: bool = False) -> list[Orphan]:
    """Buckets at the endpoint left by runs whose process is gone (or all QAtron's).

    With ``project`` (a :func:`qatron.gc.project_id`), only that project's.
    """
    from botocore.exceptions import ClientError

    client = endpoint.client()
    found = []
    for bucket in client.list_buckets().get("Buckets", []):
        name = bucket["Name"]
        if not name.startswith("qatron-"):
            continue
        try:
            tags = {t["Key"]: t["Value"]
                    for t in client.get_bucket_tagging(Bucket=name).get("TagSet", [])}
        except ClientError:
            continue
        if swept(tags, project, everything):
            found.append(Orphan("bucket", name, tags.get(LABEL_OWNER, ""), endpoint.shown,
                                partial(delete_bucket, client, name)))
    return found
