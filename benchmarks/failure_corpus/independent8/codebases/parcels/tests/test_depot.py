from __future__ import annotations

import pytest

from parcelhub import db
from parcelhub.store import Event, ParcelStore

from .helpers import make_parcel

pytestmark = pytest.mark.depot


def test_schema_is_current(depot: ParcelStore) -> None:
    assert db.schema_version(depot.conn) == db.MIGRATIONS[-1][0]


def test_carriers_provisioned(depot: ParcelStore) -> None:
    codes = {r["code"] for r in depot.conn.execute("SELECT code FROM carriers")}
    assert codes == {"NRD", "SWX", "KRL"}


def test_register_in_depot(depot: ParcelStore) -> None:
    depot.register(make_parcel("TST000001", carrier="SWX"))
    assert depot.get("TST000001")["carrier"] == "SWX"


def test_history_in_depot(depot: ParcelStore) -> None:
    depot.register(make_parcel("TST000002"))
    depot.record(Event("TST000002", "picked_up", "2026-03-02T08:00:00Z", "Hamburg"))
    depot.record(Event("TST000002", "delivered", "2026-03-03T11:00:00Z", "Kiel"))
    assert [e.location for e in depot.history("TST000002")] == ["Hamburg", "Kiel"]


def test_sign_in_depot(depot: ParcelStore) -> None:
    depot.register(make_parcel("TST000003"))
    depot.sign("TST000003", "D. Porter")
    assert depot.get("TST000003")["signed_by"] == "D. Porter"


def test_provisioned_parcels_counted(depot: ParcelStore) -> None:
    counts = depot.status_counts()
    assert sum(counts.values()) >= 20
    assert counts["in_transit"] == 8
