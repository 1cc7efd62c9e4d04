from datetime import date, datetime

from meterhub.invoices import render_statement
from meterhub.models import Invoice, Meter, Reading


def statement_parts():
    meter = Meter(id=7, serial="ST-7", site="Quay Street 9", kind="electricity",
                  customer="domestic", multiplier=1.0)
    invoice = Invoice(id=41, meter_id=7, period_start=date(2026, 10, 1),
                      period_end=date(2026, 10, 31), energy_kwh=320.0, tariff_code="standard",
                      amount_cents=11151, vat_cents=531)
    readings = [Reading(meter_id=7, taken_at=datetime(2026, 10, day), value_kwh=kwh,
                        source="manual") for day, kwh in ((1, 4000.0), (16, 4150.0), (31, 4320.0))]
    return invoice, meter, readings


def test_statement_rendered():
    path = render_statement(*statement_parts())
    assert "Total due: EUR 111.51" in path.read_text()


def test_statement_lists_readings():
    lines = render_statement(*statement_parts()).read_text().splitlines()
    assert sum(line.startswith("  2026-10-") for line in lines) == 3


def test_statement_names_site():
    text = render_statement(*statement_parts()).read_text()
    assert text.startswith("Statement for meter ST-7 at Quay Street 9")
