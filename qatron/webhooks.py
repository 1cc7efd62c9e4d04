"""Run webhooks: ``run.started``, ``run.completed`` and ``run.failed`` sent to the receivers
of qatron.yml's ``webhooks:`` (:mod:`qatron.config_webhooks`).

Each message goes out as the failure notifications do (:func:`qatron.failures.notify.send`):
a JSON body signed with ``X-QAtron-Signature: sha256=<HMAC-SHA256>`` when the receiver has
``secret_env``, retried on no answer, 5xx and 429/503 (after ``Retry-After``), and its URL
path and secret masked in every log line. Each message is claimed in the store first
(``notification_claims``, team ``webhook:<receiver>``, cluster ``<event>``, notifier
``run-webhook``), so a retried task or a resumed run never sends it twice; a receiver that
stays down is logged, and the run goes on::

    body = run_payload(RUN_COMPLETED, store.get_run(run_id), report_url=url, triggered_by=who)
    deliveries = send_run_event(store, run_id, RUN_COMPLETED, config.webhooks, body, by="h:1")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from qatron.config import Notifier
from qatron.config_webhooks import RUN_COMPLETED, RUN_FAILED, RunWebhook
from qatron.failures.notify import Delivery, Log, send
from qatron.models import RunStatus

if TYPE_CHECKING:
    from qatron.store import ResultsStore
    from qatron.store.records import RunRecord

__all__ = ["CLAIM_NOTIFIER", "claim_team", "end_event", "run_payload", "send_run_event"]

#: The ``notifier`` of a run webhook's claim in ``notification_claims``.
CLAIM_NOTIFIER = "run-webhook"
#: The payload's counts and the outcomes each one adds up.
_COUNTED = {"passed": ("passed",), "failed": ("failed",), "skipped": ("skipped", "xfailed"),
            "errors": ("error",)}


def claim_team(receiver: str) -> str:
    """The ``team`` of a receiver's claims: ``webhook:<receiver>``."""
    return f"webhook:{receiver}"


def end_event(status: RunStatus) -> str:
    """``run.completed`` for a completed run, ``run.failed`` for any other final status."""
    return RUN_COMPLETED if status is RunStatus.COMPLETED else RUN_FAILED


def run_payload(event: str, run: RunRecord, *, report_url: str | None,
                triggered_by: Mapping[str, Any] | None) -> dict[str, Any]:
    """The body of ``event`` about ``run`` (its record as stored when the event is sent)."""
    counts = run.counts
    duration = None
    if run.started_at is not None and run.finished_at is not None:
        duration = round((run.finished_at - run.started_at).total_seconds(), 3)
    return {
        "event": event, "run_id": run.id, "project": run.project, "suite": run.suite,
        "environment": run.environment, "status": run.status.value, "message": run.message,
        "counts": {name: sum(int(counts.get(o, 0)) for o in outcomes)
                   for name, outcomes in _COUNTED.items()},
        "duration": duration, "report_url": report_url, "branch": run.branch,
        "commit": run.commit, "triggered_by": dict(triggered_by or {}),
    }


def send_run_event(store: ResultsStore, run_id: int, event: str,
                   receivers: Mapping[str, RunWebhook], body: dict[str, Any], *, by: str,
                   log: Log = lambda _: None, backoff: float = 0.5) -> list[Delivery]:
    """Send ``body`` to each receiver that wants ``event`` and has not had it for this run;
    a failed delivery releases its claim, so a later attempt may send it."""
    deliveries = []
    for name, receiver in receivers.items():
        if not receiver.wants(event):
            continue
        team = claim_team(name)
        if not store.claim_notification(run_id, team, event, CLAIM_NOTIFIER, by=by):
            continue
        delivery = _deliver(receiver, body, team, event, log, backoff)
        store.finish_notification(run_id, team, event, CLAIM_NOTIFIER, sent=delivery.ok,
                                  attempts=delivery.attempts, detail=delivery.detail)
        deliveries.append(delivery)
    return deliveries


def _deliver(receiver: RunWebhook, body: dict[str, Any], team: str, event: str, log: Log,
             backoff: float) -> Delivery:
    """One receiver; whatever it raises becomes a failed delivery (its claim released)."""
    notifier = Notifier(webhook=receiver.url, secret_env=receiver.secret_env,
                        timeout=receiver.timeout, retries=receiver.retries)
    try:
        return send(notifier, body, team, event, log=log, backoff=backoff)
    except Exception as exc:  # noqa: BLE001 - reported; the run goes on
        return Delivery(team, event, False, 1, f"{type(exc).__name__} sending {event}",
                        CLAIM_NOTIFIER)
