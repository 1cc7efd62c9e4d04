"""Invoices: consumption of a period priced at a tariff, stored, and a statement
rendered by a child process into the outbox volume."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from meterhub import billing
from meterhub.models import Invoice, Meter, Reading
from meterhub.readings import consumption


def create_invoice(
    session: Session, meter: Meter, start: date, end: date, tariff: dict
) -> Invoice:
    """Invoice a period's consumption at `tariff` (as the tariff service gives it)."""
    kwh = consumption(session, meter, datetime.combine(start, time.min),
                      datetime.combine(end, time.max))
    amounts = billing.bill(kwh, (end - start).days, tariff, meter.customer)
    invoice = Invoice(
        meter_id=meter.id, period_start=start, period_end=end, energy_kwh=kwh,
        tariff_code=tariff["code"], amount_cents=amounts["total_cents"],
        vat_cents=amounts["vat_cents"],
    )
    session.add(invoice)
    session.flush()
    return invoice


def invoices_for(session: Session, meter: Meter) -> list[Invoice]:
    return list(session.scalars(
        select(Invoice).where(Invoice.meter_id == meter.id).order_by(Invoice.period_start)
    ))


def render_statement(invoice: Invoice, meter: Meter, readings: list[Reading]) -> Path:
    """Write the customer's statement with the renderer child; returns its path."""
    outbox = Path(os.environ["METERHUB_OUTBOX"])
    target = outbox / f"statement-{meter.serial}-{invoice.id}.txt"
    document = {
        "serial": meter.serial,
        "site": meter.site,
        "period": [invoice.period_start.isoformat(), invoice.period_end.isoformat()],
        "kwh": invoice.energy_kwh,
        "total_cents": invoice.amount_cents,
        "readings": [[r.taken_at.isoformat(), r.value_kwh] for r in readings],
    }
    subprocess.run(
        [sys.executable, "-m", "meterhub.statement", str(target)],
        input=json.dumps(document), text=True, check=True, timeout=10,
    )
    return target
