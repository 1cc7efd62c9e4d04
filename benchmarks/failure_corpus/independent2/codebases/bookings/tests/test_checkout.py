import asyncio
from datetime import date

from bookings import store
from bookings.cache import FileCache
from bookings.pricing import PricingClient

DAY = date(2026, 12, 21)


def quote(settings, kind, nights):
    async def go():
        async with PricingClient(settings.pricing_url, settings.pricing_token,
                                 settings.timeout) as client:
            return await client.quote(kind, nights)
    return asyncio.run(go())


def test_checkout_books_and_pays(session, rooms, settings):
    q = quote(settings, "double", 2)
    booking = store.book(session, "rae@example.org", rooms["double"], DAY, 2, q.nightly_cents)
    store.record_payment(session, booking, booking.total_cents)
    assert store.paid(booking) == booking.total_cents == 2 * q.nightly_cents


def test_checkout_week_discounted(session, rooms, settings):
    q = quote(settings, "suite", 7)
    booking = store.book(session, "sam@example.org", rooms["suite"], DAY, 7, q.nightly_cents)
    assert booking.total_cents == q.nightly_cents * 7 - q.nightly_cents * 7 // 10


def test_quote_cached(settings, tmp_path_factory):
    cache = FileCache(settings.cache_dir / tmp_path_factory.mktemp("q").name)
    first = cache.get_or_compute("suite", lambda: quote(settings, "suite", 1).nightly_cents)
    second = cache.get_or_compute("suite", lambda: 0)
    assert first == second > 0


def test_cancel_after_checkout(session, rooms, settings):
    q = quote(settings, "single", 1)
    booking = store.book(session, "tia@example.org", rooms["single"], DAY, 1, q.nightly_cents)
    store.record_payment(session, booking, booking.total_cents)
    store.cancel(session, booking)
    assert store.paid(booking) == 0 and booking.status == "cancelled"
