"""Downloads from and uploads to the partner file feed."""

from __future__ import annotations

import http.client
import json
import logging
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from etljob import config

log = logging.getLogger("etljob.fetch")


class FeedError(RuntimeError):
    """The feed did not deliver."""


def download(name: str, base: str | None = None) -> dict[str, Any]:
    url = f"{base or config.feed_url()}/{name}"
    with urllib.request.urlopen(url, timeout=1.0) as resp:
        data: dict[str, Any] = json.load(resp)
    return data


def feed_status() -> dict[str, Any]:
    parts = urlsplit(config.feed_url())
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=1.0)
    try:
        conn.request("GET", parts.path + "/status")
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 200:
            log.error("feed status endpoint answered %s: %s", resp.status, body[:200])
            raise FeedError(f"feed status answered {resp.status} {resp.reason}")
        data: dict[str, Any] = json.loads(body)
        return data
    finally:
        conn.close()


def upload(name: str, payload: dict[str, Any]) -> int:
    req = urllib.request.Request(
        f"{config.feed_url()}/api/upload/{name}", data=json.dumps(payload).encode(), method="POST",
        headers={"Authorization": f"Bearer {config.feed_token()}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=1.0) as resp:
        return int(json.load(resp)["id"])
