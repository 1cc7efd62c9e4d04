from __future__ import annotations

import pytest

from parcelhub.carrier import CarrierClient
from parcelhub.config import Settings
from parcelhub.store import ParcelStore
from parcelhub.sync import TrackingSync

from .helpers import make_parcel

NUMBERS = [f"NRD5000{i:02d}" for i in range(8)]


@pytest.fixture
def sync(settings: Settings, store: ParcelStore) -> TrackingSync:
    store.register_many([make_parcel(no) for no in NUMBERS])
    client = CarrierClient(settings.carrier_url, settings.carrier_token, settings.http_timeout)
    return TrackingSync(client, store, workers=4)


def test_sync_records_scans(sync: TrackingSync, store: ParcelStore) -> None:
    results = sync.run(NUMBERS)
    assert sum(results.values()) == sync.recorded
    assert all(len(store.history(no)) == results[no] for no in NUMBERS)


def test_second_sync_adds_nothing(sync: TrackingSync) -> None:
    sync.run(NUMBERS)
    assert sum(sync.run(NUMBERS).values()) == 0


def test_status_follows_last_scan(sync: TrackingSync, store: ParcelStore) -> None:
    sync.run(NUMBERS[:3])
    for no in NUMBERS[:3]:
        assert store.get(no)["status"] == store.history(no)[-1].status
