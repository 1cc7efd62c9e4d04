from __future__ import annotations

import pytest

from parcelhub.errors import StoreError
from parcelhub.store import Event, ParcelStore

from .helpers import make_parcel


def test_register_and_get(store: ParcelStore) -> None:
    store.register(make_parcel("NRD000001"))
    row = store.get("NRD000001")
    assert row["status"] == "registered"
    assert row["weight_g"] == 1200


def test_unknown_parcel_raises_key_error(store: ParcelStore) -> None:
    with pytest.raises(KeyError):
        store.get("NRD999999")


def test_batch_is_all_or_nothing(store: ParcelStore) -> None:
    batch = [make_parcel("NRD000010"), make_parcel("NRD000011"), make_parcel("NRD000010")]
    with pytest.raises(StoreError):
        store.register_many(batch)
    assert store.status_counts() == {}


def test_events_move_status(store: ParcelStore) -> None:
    store.register(make_parcel("NRD000002"))
    store.record(Event("NRD000002", "picked_up", "2026-03-02T08:00:00Z", "Hamburg"))
    store.record(Event("NRD000002", "in_transit", "2026-03-02T15:00:00Z", "Hannover"))
    assert store.get("NRD000002")["status"] == "in_transit"
    assert [e.status for e in store.history("NRD000002")] == ["picked_up", "in_transit"]


def test_unknown_status_is_refused(store: ParcelStore) -> None:
    store.register(make_parcel("NRD000003"))
    with pytest.raises(StoreError):
        store.record(Event("NRD000003", "teleported", "2026-03-02T08:00:00Z"))


def test_sign_marks_delivered(store: ParcelStore) -> None:
    store.register(make_parcel("NRD000004"))
    store.sign("NRD000004", "B. Signer")
    row = store.get("NRD000004")
    assert (row["status"], row["signed_by"]) == ("delivered", "B. Signer")


def test_status_counts(store: ParcelStore) -> None:
    store.register_many([make_parcel(f"NRD00010{i}") for i in range(4)])
    store.sign("NRD000100", "C. Signer")
    assert store.status_counts() == {"registered": 3, "delivered": 1}


def test_weight_by_postcode_area(store: ParcelStore) -> None:
    store.register_many([
        make_parcel("NRD000201", postcode="HH 20095", weight_g=1000),
        make_parcel("NRD000202", postcode="hh 22767", weight_g=2500),
        make_parcel("NRD000203", postcode="M 80331", weight_g=700),
    ])
    assert store.weight_by_postcode_area() == {"HH": 3500, "M": 700}
