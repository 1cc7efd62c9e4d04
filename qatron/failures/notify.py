"""Tell a team about its failure clusters: one message per cluster, signed, retried.

A webhook gets a JSON body (or a Slack-compatible one with ``format: slack``)
and, when the notifier has ``secret_env``, the header ``X-QAtron-Signature:
sha256=<hex HMAC-SHA256 of the body>``. 5xx answers and connection errors are
retried with exponential backoff; other 4xx are not. URLs are logged without
their path, query or credentials, and the secret never; the secret and the
webhook's path are registered with :mod:`qatron.redaction`, so no log shows them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from qatron.config import Notifier
from qatron.failures.model import Cluster
from qatron.redaction import register

SIGNATURE_HEADER = "X-QAtron-Signature"


@dataclass
class Delivery:
    """How sending one cluster to one team went."""

    team: str
    cluster: str
    ok: bool
    attempts: int
    detail: str


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(cluster: Cluster, run: dict[str, Any], style: str = "json") -> dict[str, Any]:
    """The message about one cluster of one run."""
    tests = cluster.tests[:10]
    more = f" and {len(cluster.tests) - 10} more" if len(cluster.tests) > 10 else ""
    if style == "slack":
        title = (f"QAtron run {run.get('run_id')} ({run.get('suite')} on "
                 f"{run.get('environment')}): {cluster.count} failure(s), {cluster.category}")
        return {"text": title, "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": title[:150]}},
            {"type": "section", "text": {"type": "mrkdwn", "text":
                f"*Where to look:* {cluster.suggestion}\n*Tests:* "
                + ", ".join(f"`{t}`" for t in tests) + more}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text":
                f"cluster `{cluster.id}` · team {cluster.team}"}]},
        ]}
    return {"event": "qatron.failure_cluster", "run": run, "cluster": cluster.to_json()}


def redact(url: str) -> str:
    """``https://hooks.example.com/…``: enough to know where, nothing secret."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/…"


def send(notifier: Notifier, body: dict[str, Any], team: str, cluster: str,
         log: Callable[[str], None] = lambda _: None,
         backoff: float = 0.5) -> Delivery:
    """POST ``body`` to the notifier's webhook; retry 5xx and connection errors."""
    if not notifier.webhook:
        raise ValueError("send() needs a notifier with a webhook")
    data = json.dumps(body, sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "qatron"}
    secret = os.environ.get(notifier.secret_env, "") if notifier.secret_env else ""
    parts = urlsplit(notifier.webhook)
    register(secret, parts.path + (f"?{parts.query}" if parts.query else ""))
    if notifier.secret_env and not secret:
        log(f"notify {team}: ${notifier.secret_env} is not set; sending unsigned")
    if secret:
        headers[SIGNATURE_HEADER] = sign(data, secret)
    where = redact(notifier.webhook)
    detail = ""
    for attempt in range(1, notifier.retries + 2):
        try:
            response = httpx.post(notifier.webhook, content=data, headers=headers,
                                  timeout=notifier.timeout)
        except httpx.HTTPError as exc:
            detail = f"{type(exc).__name__} from {where}"
        else:
            if response.status_code < 300:
                return Delivery(team, cluster, True, attempt,
                                f"HTTP {response.status_code} from {where}")
            detail = f"HTTP {response.status_code} from {where}"
            if response.status_code < 500:
                break
        log(f"notify {team}: attempt {attempt} failed: {detail}")
        if attempt <= notifier.retries:
            time.sleep(backoff * 2 ** (attempt - 1))
    return Delivery(team, cluster, False, attempt, detail)
