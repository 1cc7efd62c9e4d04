"""Result reports rendered with jinja2 and filed in the lab's S3 bucket (boto3)."""

from __future__ import annotations

import os
from typing import Any

import boto3
from jinja2 import Environment, StrictUndefined

TEMPLATE = """Report for {{ barcode }}
{% for row in results %}{{ row.analyte }}: {{ "%.2f"|format(row.value) }} {{ row.unit }}
{% endfor %}"""

BUCKET = "lab-reports"


def render(barcode: str, results: list[dict[str, Any]]) -> str:
    env = Environment(undefined=StrictUndefined, autoescape=False)
    return env.from_string(TEMPLATE).render(barcode=barcode, results=results)


def s3() -> Any:
    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("LS_S3_ENDPOINT", "http://127.0.0.1:57430"),
        aws_access_key_id="lab", aws_secret_access_key="lab-secret", region_name="eu-west-1",
        config=boto3.session.Config(connect_timeout=2, retries={"max_attempts": 1}),
    )


def file_report(barcode: str, text: str) -> str:
    """Upload a rendered report; returns its key."""
    key = f"reports/{barcode}.txt"
    s3().put_object(Bucket=BUCKET, Key=key, Body=text.encode())
    return key


def ensure_bucket() -> None:
    client = s3()
    names = [bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])]
    if BUCKET not in names:
        client.create_bucket(Bucket=BUCKET,
                             CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
