"""``results.artifacts:`` in qatron.yml: where run folders are copied in S3.

Either a URL alone, or the URL with how to reach the endpoint::

    results:
      artifacts: s3://qa-artifacts/nightly            # AWS, credentials from the boto3 chain
    results:
      artifacts:
        url: s3://qa-artifacts/nightly
        endpoint_url: http://127.0.0.1:9000            # MinIO, moto, any S3 endpoint
        region: eu-west-1
        presign_expiry: 604800                          # seconds a Prefect link stays valid
        retries: 2                                      # upload task retries after boto3's own

Credentials are never in qatron.yml: boto3 reads ``AWS_ACCESS_KEY_ID`` /
``AWS_SECRET_ACCESS_KEY`` / ``AWS_PROFILE``, its config files or the instance role.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["ArtifactStorage", "parse_s3_url"]

#: S3's bucket naming rules: 3 to 63 lowercase letters, digits, dots and hyphens.
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
#: A week: the longest expiry S3 accepts for a URL presigned with Signature Version 4.
MAX_PRESIGN_EXPIRY = 7 * 24 * 3600


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` → ``("bucket", "some/prefix")``; ValueError saying what
    an S3 URL looks like otherwise (the caller shows the URL)."""
    scheme, _, rest = url.partition("://")
    if scheme != "s3" or not rest:
        raise ValueError("an S3 URL such as 's3://my-bucket/qatron'")
    bucket, _, prefix = rest.partition("/")
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise ValueError("an S3 URL whose bucket is 3 to 63 lowercase letters, digits, '.' "
                         "or '-', such as 's3://my-bucket/qatron'")
    prefix = prefix.strip("/")
    if "//" in prefix:
        raise ValueError("an S3 URL without empty path parts, such as 's3://my-bucket/qatron'")
    return bucket, prefix


class ArtifactStorage(BaseModel):
    """An S3 bucket and prefix that receives each run's reports and artifacts."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    url: str
    endpoint_url: str | None = None
    region: str | None = None
    #: How long (seconds) a presigned link in the Prefect artifacts stays valid.
    presign_expiry: int = Field(default=7 * 24 * 3600, ge=60, le=MAX_PRESIGN_EXPIRY)
    #: Task retries of an upload that failed after boto3's own retries.
    retries: int = Field(default=2, ge=0, le=10)

    @model_validator(mode="before")
    @classmethod
    def _url_alone(cls, data: Any) -> Any:
        """``artifacts: s3://bucket/prefix`` is ``artifacts: {url: s3://bucket/prefix}``."""
        return {"url": data} if isinstance(data, str) else data

    @field_validator("url")
    @classmethod
    def _s3_url(cls, url: str) -> str:
        parse_s3_url(url)
        return url

    @field_validator("endpoint_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is not None and not re.match(r"^https?://[^/\s]+", url):
            raise ValueError("an http:// or https:// URL such as 'http://127.0.0.1:9000'")
        return url

    @property
    def bucket(self) -> str:
        return parse_s3_url(self.url)[0]

    @property
    def prefix(self) -> str:
        """The key prefix, without slashes at either end ("" for the bucket's root)."""
        return parse_s3_url(self.url)[1]
