"""Tell a team about its failure clusters: one message per cluster, signed, retried, and
claimed in the results store first so that no retry or second worker sends it twice.

A webhook gets a JSON body, or with ``style: slack`` Slack's incoming-webhook payload
(``text`` and ``blocks``: a header, the cluster's category, team and count, its
representative test, and a link to the report when known). When the notifier has
``secret_env``, the header ``X-QAtron-Signature: sha256=<hex HMAC-SHA256 of the body>``
signs it. Retries, at most ``retries + 1`` attempts in all:

    429, 503            after the answer's ``Retry-After`` seconds (at most RETRY_AFTER_CAP),
                        else exponential backoff
    other 5xx, no answer  exponential backoff
    other 4xx           not retried

A webhook's URL holds its token in its path: QAtron's messages show only
``scheme://host:port/…``; the secret and the path are registered with
:mod:`qatron.redaction`, whose log records mask them in every line, httpx's own
``HTTP Request: POST <url>`` included.

    >>> deliveries = notify_run(store, run_id, analysis.clusters, config.notify, run, by="host:42")
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from qatron.config import Notifier
from qatron.failures.model import Cluster
from qatron.redaction import register

if TYPE_CHECKING:
    from qatron.store import ResultsStore

__all__ = ["RETRY_AFTER_CAP", "SIGNATURE_HEADER", "Delivery", "notifier_keys", "notify_run",
           "payload", "redact", "send", "sign"]

SIGNATURE_HEADER = "X-QAtron-Signature"
#: The longest ``Retry-After`` honoured, in seconds; a longer one waits this long.
RETRY_AFTER_CAP = 30.0
#: Answers retried after their ``Retry-After``.
_THROTTLED = (429, 503)
#: How many of a cluster's tests a message lists.
_LISTED = 10

Log = Callable[[str], None]
#: Sends a cluster to a Prefect notification block by name (the task supplies it).
BlockSender = Callable[[str, Cluster, dict[str, Any]], None]


@dataclass
class Delivery:
    """How sending one cluster to one team through one notifier went."""

    team: str
    cluster: str
    ok: bool
    attempts: int
    detail: str
    notifier: str = "webhook"


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(cluster: Cluster, run: Mapping[str, Any], style: str = "json") -> dict[str, Any]:
    """The message about one cluster of one run; ``run["report_url"]`` links the report."""
    if style == "slack":
        return _slack(cluster, run)
    return {"event": "qatron.failure_cluster", "run": dict(run), "cluster": cluster.to_json()}


def _slack(cluster: Cluster, run: Mapping[str, Any]) -> dict[str, Any]:
    """Slack's incoming-webhook payload: ``text`` (the notification) and ``blocks``."""
    title = (f"QAtron run {run.get('run_id')} ({run.get('suite')} on "
             f"{run.get('environment')}): {cluster.count} failure(s), {cluster.category}")
    others = [t for t in cluster.tests if t != cluster.representative]
    more = f" and {len(others) - _LISTED} more" if len(others) > _LISTED else ""
    test_text = f"*Representative test:* `{cluster.representative}`"
    if others:
        test_text += "\n*Also:* " + ", ".join(f"`{t}`" for t in others[:_LISTED]) + more
    if cluster.suggestion:
        test_text += f"\n*Where to look:* {cluster.suggestion}"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150]}},
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": f"*Category:*\n{cluster.category}"},
            {"type": "mrkdwn", "text": f"*Team:*\n{cluster.team}"},
            {"type": "mrkdwn", "text": f"*Failures:*\n{cluster.count}"}]},
        {"type": "section", "text": {"type": "mrkdwn", "text": test_text[:3000]}},
    ]
    if run.get("report_url"):
        blocks.append({"type": "section", "text": {
            "type": "mrkdwn", "text": f"<{run['report_url']}|Open the report of run "
                                      f"{run.get('run_id')}>"}})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                   f"cluster `{cluster.id}` · seen in {cluster.runs} run(s)"}]})
    return {"text": title, "blocks": blocks}


def redact(url: str) -> str:
    """``https://hooks.example.com/…``: enough to know where, nothing secret."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/…"


def send(notifier: Notifier, body: dict[str, Any], team: str, cluster: str,
         log: Log = lambda _: None, backoff: float = 0.5) -> Delivery:
    """POST ``body`` to the notifier's webhook, retried as the module docstring says."""
    if not notifier.webhook:
        raise ValueError("send() needs a notifier with a webhook")
    data = json.dumps(body, sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "qatron"}
    secret = os.environ.get(notifier.secret_env, "") if notifier.secret_env else ""
    _hide(notifier.webhook, secret)
    if notifier.secret_env and not secret:
        log(f"notify {team}: ${notifier.secret_env} is not set; sending unsigned")
    if secret:
        headers[SIGNATURE_HEADER] = sign(data, secret)
    where = redact(notifier.webhook)
    attempts = notifier.retries + 1
    detail = ""
    for attempt in range(1, attempts + 1):
        wait = backoff * 2 ** (attempt - 1)
        try:
            response = httpx.post(notifier.webhook, content=data, headers=headers,
                                  timeout=notifier.timeout)
        except httpx.HTTPError as exc:
            detail = f"{type(exc).__name__} from {where}"
        else:
            detail = f"HTTP {response.status_code} from {where}"
            if response.status_code < 300:
                return Delivery(team, cluster, True, attempt, detail)
            if response.status_code < 500 and response.status_code not in _THROTTLED:
                log(f"notify {team}: {detail}; not retried (fix the notifier's webhook)")
                return Delivery(team, cluster, False, attempt, detail)
            if response.status_code in _THROTTLED:
                wait = retry_after(response.headers.get("Retry-After"), wait)
        if attempt < attempts:
            log(f"notify {team}: attempt {attempt} of {attempts} failed: {detail}; "
                f"retrying in {wait:g} s")
            time.sleep(wait)
    log(f"notify {team}: attempt {attempts} of {attempts} failed: {detail}")
    return Delivery(team, cluster, False, attempts, detail)


def retry_after(header: str | None, default: float) -> float:
    """The seconds a ``Retry-After: <seconds>`` header asks for, at most RETRY_AFTER_CAP;
    ``default`` when it is absent or not a number (the HTTP-date form included)."""
    try:
        seconds = float(header) if header is not None else default
    except ValueError:
        seconds = default
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def notifier_keys(notifier: Notifier) -> list[str]:
    """The channels of a team's notifier, as claims name them: ``webhook``, ``block:NAME``."""
    keys = [f"block:{notifier.prefect_block}"] if notifier.prefect_block else []
    return keys + (["webhook"] if notifier.webhook else [])


def notify_run(store: ResultsStore, run_id: int, clusters: Iterable[Cluster],
               notifiers: Mapping[str, Notifier], run: Mapping[str, Any], *, by: str,
               log: Log = lambda _: None, to_block: BlockSender | None = None,
               backoff: float = 0.5) -> list[Delivery]:
    """Send each cluster to its team's notifier, each message claimed in the store first
    (``by`` names this sender): a message sent before, or being sent by another sender,
    is skipped; one that fails is released for a later attempt. Returns what was tried."""
    deliveries: list[Delivery] = []
    for cluster in clusters:
        notifier = notifiers.get(cluster.team)
        if notifier is None:
            continue
        for key in notifier_keys(notifier):
            if key.startswith("block:") and to_block is None:
                continue
            if not store.claim_notification(run_id, cluster.team, cluster.id, key, by=by):
                continue
            delivery = _deliver(notifier, key, cluster, run, log, to_block, backoff)
            store.finish_notification(run_id, cluster.team, cluster.id, key,
                                      sent=delivery.ok, attempts=delivery.attempts,
                                      detail=delivery.detail)
            deliveries.append(delivery)
    return deliveries


def _deliver(notifier: Notifier, key: str, cluster: Cluster, run: Mapping[str, Any], log: Log,
             to_block: BlockSender | None, backoff: float) -> Delivery:
    """One channel; whatever it raises becomes a failed delivery, so its claim is released."""
    try:
        if key == "webhook":
            return send(notifier, payload(cluster, run, notifier.format), cluster.team,
                        cluster.id, log=log, backoff=backoff)
        assert to_block is not None and notifier.prefect_block
        to_block(notifier.prefect_block, cluster, dict(run))
        return Delivery(cluster.team, cluster.id, True, 1, f"sent to block {key[6:]}", key)
    except Exception as exc:  # noqa: BLE001 - reported, and the claim released for a retry
        return Delivery(cluster.team, cluster.id, False, 1,
                        f"{type(exc).__name__} from {key}", key)


def _hide(webhook: str, secret: str) -> None:
    """Keep the webhook's path and the secret out of every log line, httpx's own
    ``HTTP Request: POST <url>`` included (in the form httpx prints the URL, too)."""
    paths = {webhook, str(httpx.URL(webhook))}
    register(secret, *(_path(url) for url in paths))


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
