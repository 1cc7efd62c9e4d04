import uuid

import pytest
from ingest import contracts
from ingest.errors import ContractViolation


def event(**overrides):
    record = {"event_id": str(uuid.uuid4()), "occurred_at": "2026-01-05T10:00:00Z",
              "customer_id": 7, "amount": "12.50", "currency": "EUR", "channel": "web"}
    record.update(overrides)
    return record


def test_valid_event_accepted():
    assert contracts.order_event(event(), "inline", 1).channel is contracts.Channel.WEB


def test_negative_amount_rejected():
    with pytest.raises(ContractViolation, match="amount"):
        contracts.order_event(event(amount="-1"), "inline", 1)


def test_unknown_channel_rejected():
    with pytest.raises(ContractViolation, match="channel"):
        contracts.order_event(event(channel="fax"), "inline", 1)


@pytest.mark.parametrize("carrier", ["postnl", "dpd"])
def test_shipment_schema_accepts_valid(carrier):
    record = {"shipment_id": "SHP-0A1B2C3D", "event_id": str(uuid.uuid4()), "carrier": carrier,
              "parcels": 2}
    assert contracts.shipment(record, "inline", 1) == record


def test_empty_report_summary_is_valid():
    from ingest.pipeline import RunReport

    summary = RunReport(run_id="run-inline").summary()
    assert summary["total_eur"] == "0.00"
