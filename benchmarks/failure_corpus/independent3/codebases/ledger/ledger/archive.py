"""Daily snapshots of the ledger: spooled to CSV, then archived to S3 (boto3)."""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import boto3
import botocore.config
import botocore.exceptions

from ledger.errors import ArchiveError
from ledger.store import on_hand


def spool(conn: sqlite3.Connection, spool_dir: Path, day: date) -> Path:
    """Write the day's stock levels to ``<spool_dir>/levels-<day>.csv``."""
    spool_dir.mkdir(parents=True, exist_ok=True)
    path = spool_dir / f"levels-{day.isoformat()}.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sku", "name", "on_hand", "unit_cents"])
        for row in conn.execute("SELECT sku, name, unit_cents FROM items ORDER BY sku"):
            writer.writerow([row["sku"], row["name"], on_hand(conn, row["sku"]),
                             row["unit_cents"]])
    return path


class Archive:
    def __init__(self, endpoint: str, bucket: str) -> None:
        self.bucket = bucket
        self.s3 = boto3.client(
            "s3", endpoint_url=endpoint, region_name="us-east-1",
            aws_access_key_id="ledger", aws_secret_access_key="ledger-secret",
            config=botocore.config.Config(connect_timeout=1, read_timeout=2,
                                          retries={"max_attempts": 1}))

    def ensure_bucket(self) -> None:
        try:
            self.s3.create_bucket(Bucket=self.bucket)
        except self.s3.exceptions.BucketAlreadyOwnedByYou:
            return  # made by an earlier snapshot: nothing to do
        except botocore.exceptions.BotoCoreError as exc:
            raise ArchiveError(f"object storage unreachable: {exc}") from exc

    def upload(self, path: Path) -> str:
        """Upload a snapshot; returns its key (``snapshots/<name>``)."""
        key = f"snapshots/{path.name}"
        body = path.read_bytes()
        try:
            self.s3.put_object(Bucket=self.bucket, Key=key, Body=body,
                               Metadata={"sha256": hashlib.sha256(body).hexdigest()})
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
            raise ArchiveError(f"cannot archive {path.name}: {exc}") from exc
        return key

    def download(self, key: str) -> bytes:
        try:
            answer = self.s3.get_object(Bucket=self.bucket, Key=key)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
            raise ArchiveError(f"cannot read {key}: {exc}") from exc
        body = answer["Body"].read()
        if hashlib.sha256(body).hexdigest() != answer["Metadata"].get("sha256"):
            raise ArchiveError(f"{key}: checksum mismatch")
        return bytes(body)

    def keys(self) -> list[str]:
        listing = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="snapshots/")
        return sorted(item["Key"] for item in listing.get("Contents", []))
