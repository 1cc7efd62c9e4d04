"""The SQLite cache and archive."""

from __future__ import annotations

from datetime import UTC, datetime

from helpdesk.models import Ticket
from helpdesk.settings import Settings
from helpdesk.store import Archive, TicketStore


def make(num: int, status: str = "open", assignee: str | None = "agent1") -> Ticket:
    return Ticket(id=num, title=f"T{num}", status=status, priority="low", assignee=assignee,
                  created=datetime(2026, 11, 2, 9, tzinfo=UTC))


def test_upsert_and_count(store: TicketStore) -> None:
    for n in range(5):
        store.upsert(make(n, "open" if n % 2 else "closed"))
    assert store.counts() == {"closed": 3, "open": 2}


def test_upsert_twice_keeps_one(store: TicketStore) -> None:
    first = store.upsert(make(7))
    second = store.upsert(make(7, "closed"))
    assert first == second
    assert store.counts() == {"closed": 1}


def test_comment_links_ticket(store: TicketStore) -> None:
    store.upsert(make(1))
    store.upsert(make(2))
    assert store.add_comment(2, "called back") == 1


def test_cache_sync(settings: Settings) -> None:
    cache = TicketStore(settings.cache_db)
    cache.upsert(make(500, assignee="agent9"))
    assert 500 in cache.open_for("agent9")
    cache.close()


def test_cache_open_for_agent(settings: Settings) -> None:
    cache = TicketStore(settings.cache_db)
    cache.upsert(make(501, assignee="agent8"))
    cache.upsert(make(502, status="closed", assignee="agent8"))
    assert cache.open_for("agent8") == [501]
    cache.close()


def test_archive_closed(settings: Settings) -> None:
    archive = Archive(settings.archive_db)
    archive.archive(make(9, "closed"), datetime(2026, 11, 3, tzinfo=UTC), breached=False)
    assert 9 not in archive.breaches()


def test_archive_breaches(settings: Settings) -> None:
    archive = Archive(settings.archive_db)
    archive.archive(make(10, "closed"), datetime(2026, 11, 9, tzinfo=UTC), breached=True)
    assert 10 in archive.breaches()
