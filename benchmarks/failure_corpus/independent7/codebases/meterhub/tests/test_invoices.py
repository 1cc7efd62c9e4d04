from datetime import date, datetime

import pytest

from meterhub.invoices import create_invoice, invoices_for
from meterhub.readings import ingest

STANDARD = {"code": "standard", "unit_price_millicents": 28500, "standing_charge_cents": 50}
BUSINESS = {"code": "business", "unit_price_millicents": 22000, "standing_charge_cents": 120}


@pytest.fixture
def metered(session, meter):
    records = [
        {"serial": meter.serial, "taken_at": datetime(2026, 10, day), "kwh": kwh}
        for day, kwh in ((1, 4000.0), (16, 4150.0), (31, 4320.0))
    ]
    ingest(session, records, "manual")
    return meter


def test_invoice_for_month(session, metered):
    invoice = create_invoice(session, metered, date(2026, 10, 1), date(2026, 10, 31), STANDARD)
    assert invoice.energy_kwh == 320.0
    assert invoice.amount_cents == 11151


def test_invoice_vat_stored(session, metered):
    invoice = create_invoice(session, metered, date(2026, 10, 1), date(2026, 10, 31), STANDARD)
    session.expire(invoice)
    assert invoice.vat_cents == 531


def test_invoice_business(session, metered):
    metered.customer = "business"
    invoice = create_invoice(session, metered, date(2026, 10, 1), date(2026, 10, 31), BUSINESS)
    assert (invoice.amount_cents, invoice.vat_cents) == (12768, 2128)


def test_invoices_listed_by_period(session, metered):
    create_invoice(session, metered, date(2026, 10, 16), date(2026, 10, 31), STANDARD)
    create_invoice(session, metered, date(2026, 10, 1), date(2026, 10, 16), STANDARD)
    starts = [i.period_start.day for i in invoices_for(session, metered)]
    assert starts == [1, 16]
