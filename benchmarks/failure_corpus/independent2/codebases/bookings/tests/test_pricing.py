import asyncio
import time

import pytest

from bookings.contracts import parse_quote
from bookings.errors import ContractError, PricingRejected
from bookings.pricing import PricingClient


def run(settings, coro_factory):
    async def go():
        async with PricingClient(settings.pricing_url, settings.pricing_token,
                                 settings.timeout) as client:
            return await coro_factory(client)
    return asyncio.run(go())


@pytest.mark.parametrize("kind", ["single", "double", "suite"])
def test_quote_by_kind(settings, kind):
    quote = run(settings, lambda c: c.quote(kind, 2))
    assert quote.room_kind == kind and quote.nightly_cents > 0


def test_quotes_for_several_kinds(settings):
    found = run(settings, lambda c: c.quotes(["single", "double"], 3))
    assert found["single"].nightly_cents < found["double"].nightly_cents


def test_quotes_concurrent_within_budget(settings):
    started = time.monotonic()
    run(settings, lambda c: c.quotes(["single", "double", "suite", "single"], 4))
    assert time.monotonic() - started < 0.4


def test_unknown_kind_rejected(settings):
    with pytest.raises(PricingRejected):
        run(settings, lambda c: c.quote("penthouse", 1))


def test_parse_quote_accepts_valid():
    quote = parse_quote({"room_kind": "single", "nightly_cents": 8000, "currency": "EUR",
                         "quote_id": "q-1"})
    assert quote.currency == "EUR"


def test_parse_quote_rejects_float_price():
    with pytest.raises(ContractError):
        parse_quote({"room_kind": "single", "nightly_cents": 80.5, "currency": "EUR",
                     "quote_id": "q-2"})
