"""Notifications claimed before they are sent: at most one message per run, team, cluster
and notifier, however often the analysis is retried and however many workers run it.

A sender claims the message (one ``notification_claims`` row, unique on run, team,
cluster and notifier), sends it, then finishes the claim: ``sent`` for good, or
``failed``, which a later attempt may claim again. A claim left ``claimed`` by a
process that died is taken over once it is older than ``stale_after``::

    if store.claim_notification(run_id, "platform", "c1a2", "webhook", by="host:123"):
        ok = deliver()
        store.finish_notification(run_id, "platform", "c1a2", "webhook", sent=ok,
                                  attempts=1, detail="HTTP 200")

A message that is sent is also recorded in ``run_notifications`` (``store.notified``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qatron.store.models import NotificationClaimRow, NotificationRow
from qatron.store.run_facts import lock_run

__all__ = ["CLAIMED", "FAILED", "SENT", "STALE_AFTER", "NotificationClaim",
           "claim_notification", "finish_notification", "notification_claims"]

Sessions = Callable[..., AbstractContextManager[Session]]
CLAIMED, SENT, FAILED = "claimed", "sent", "failed"
#: A claim still ``claimed`` after this long belongs to a sender that died.
STALE_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class NotificationClaim:
    """A claimed message and how it ended (``state``: claimed, sent or failed)."""

    run_id: int
    team: str
    cluster: str
    notifier: str
    state: str
    claimed_by: str
    claimed_at: datetime
    finished_at: datetime | None
    attempts: int
    detail: str


def claim_notification(sessions: Sessions, run_id: int, team: str, cluster: str,
                       notifier: str, *, by: str,
                       stale_after: timedelta = STALE_AFTER) -> bool:
    """Claim the message for this sender; False if it was sent or another sender holds it."""
    now = datetime.now(UTC)
    try:
        with sessions(write=True) as session:
            lock_run(session, run_id, "notifications")  # claimers of one run take turns
            row = session.scalar(_row(run_id, team, cluster, notifier))
            if row is None:
                session.add(NotificationClaimRow(
                    run_id=run_id, team=team, cluster=cluster, notifier=notifier,
                    state=CLAIMED, claimed_by=by, claimed_at=now, attempts=0, detail=""))
                return True
            free = row.state == FAILED or (row.state == CLAIMED
                                           and row.claimed_at < now - stale_after)
            if free:
                row.state, row.claimed_by, row.claimed_at = CLAIMED, by, now
                row.finished_at = None
            return free
    except IntegrityError:  # another sender inserted the claim first
        return False


def finish_notification(sessions: Sessions, run_id: int, team: str, cluster: str,
                        notifier: str, *, sent: bool, attempts: int, detail: str) -> None:
    """Record how sending went: ``sent`` for good, or ``failed`` (free to claim again)."""
    now = datetime.now(UTC)
    with sessions(write=True) as session:
        lock_run(session, run_id, "notifications")
        row = session.scalar(_row(run_id, team, cluster, notifier))
        if row is None:
            return
        row.state, row.finished_at = (SENT if sent else FAILED), now
        row.attempts += attempts
        row.detail = detail
        key = f"{cluster}:{team}"
        if sent and session.scalar(select(NotificationRow.id).where(
                NotificationRow.run_id == run_id, NotificationRow.key == key)) is None:
            session.add(NotificationRow(run_id=run_id, key=key, sent_at=now))


def notification_claims(sessions: Sessions, run_id: int) -> list[NotificationClaim]:
    """The run's claimed messages, in the order they were first claimed."""
    query = (select(NotificationClaimRow).where(NotificationClaimRow.run_id == run_id)
             .order_by(NotificationClaimRow.id))
    with sessions() as session:
        return [NotificationClaim(
            run_id=row.run_id, team=row.team, cluster=row.cluster, notifier=row.notifier,
            state=row.state, claimed_by=row.claimed_by, claimed_at=row.claimed_at,
            finished_at=row.finished_at, attempts=row.attempts, detail=row.detail)
            for row in session.scalars(query)]


def _row(run_id: int, team: str, cluster: str, notifier: str
         ) -> Select[NotificationClaimRow]:
    return select(NotificationClaimRow).with_for_update().where(
        NotificationClaimRow.run_id == run_id, NotificationClaimRow.team == team,
        NotificationClaimRow.cluster == cluster, NotificationClaimRow.notifier == notifier)
