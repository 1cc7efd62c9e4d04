from __future__ import annotations

from pathlib import Path

import pytest

from parcelhub.errors import PayloadError
from parcelhub.store import ParcelStore
from parcelhub.webhooks import apply_file, parse

from .helpers import make_parcel


@pytest.fixture
def registered(store: ParcelStore) -> ParcelStore:
    store.register_many([make_parcel(f"SWX7000{i:02d}", carrier="SWX") for i in range(6)])
    return store


def test_parse_valid_payload() -> None:
    event = parse({"tracking_no": "SWX700001", "status": "in_transit",
                   "occurred_at": "2026-03-03T09:00:00Z"})
    assert event.status == "in_transit" and event.location is None


def test_parse_rejects_bad_number() -> None:
    with pytest.raises(PayloadError):
        parse({"tracking_no": "x1", "status": "in_transit", "occurred_at": "2026-03-03"})


def test_apply_delivered_file(registered: ParcelStore, inbox: Path) -> None:
    assert apply_file(registered, inbox / "webhooks-swx.jsonl") == 9


def test_signatures_recorded(registered: ParcelStore, inbox: Path) -> None:
    apply_file(registered, inbox / "webhooks-swx.jsonl")
    signed = registered.conn.execute("SELECT COUNT(*) FROM parcels WHERE signed_by IS NOT NULL")
    assert signed.fetchone()[0] == 3


def test_statuses_after_file(registered: ParcelStore, inbox: Path) -> None:
    apply_file(registered, inbox / "webhooks-swx.jsonl")
    assert registered.status_counts() == {"delivered": 3, "in_transit": 3}
