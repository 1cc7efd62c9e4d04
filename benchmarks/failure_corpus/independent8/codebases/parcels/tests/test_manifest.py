from __future__ import annotations

from pathlib import Path

import pytest

from parcelhub.manifest import import_manifest, read_manifest
from parcelhub.store import ParcelStore


class TestNorthManifest:
    @pytest.fixture
    def imported(self, store: ParcelStore, inbox: Path) -> ParcelStore:
        import_manifest(store, inbox / "manifest-north.csv")
        return store

    def test_all_registered(self, imported: ParcelStore) -> None:
        assert imported.status_counts() == {"registered": 12}

    def test_total_weight(self, imported: ParcelStore) -> None:
        total = imported.conn.execute("SELECT SUM(weight_g) FROM parcels").fetchone()[0]
        assert total == sum(900 + 150 * i for i in range(12))

    def test_express_parcels(self, imported: ParcelStore) -> None:
        rows = imported.conn.execute("SELECT COUNT(*) FROM parcels WHERE service = 'express'")
        assert rows.fetchone()[0] == 4


class TestSouthManifest:
    def test_import_count(self, store: ParcelStore, inbox: Path) -> None:
        assert import_manifest(store, inbox / "manifest-south.csv") == 10

    def test_carriers_used(self, store: ParcelStore, inbox: Path) -> None:
        import_manifest(store, inbox / "manifest-south.csv")
        carriers = {r[0] for r in store.conn.execute("SELECT DISTINCT carrier FROM parcels")}
        assert carriers == {"SWX", "KRL"}

    def test_heaviest(self, store: ParcelStore, inbox: Path) -> None:
        import_manifest(store, inbox / "manifest-south.csv")
        row = store.conn.execute("SELECT MAX(weight_g) FROM parcels").fetchone()
        assert row[0] == 5400


class TestEastManifest:
    def test_import_count(self, store: ParcelStore, inbox: Path) -> None:
        assert import_manifest(store, inbox / "manifest-east.csv") == 8

    def test_economy_share(self, store: ParcelStore, inbox: Path) -> None:
        import_manifest(store, inbox / "manifest-east.csv")
        rows = store.conn.execute("SELECT service, COUNT(*) FROM parcels GROUP BY service")
        assert dict(rows.fetchall()) == {"economy": 4, "standard": 4}

    def test_total_weight(self, store: ParcelStore, inbox: Path) -> None:
        import_manifest(store, inbox / "manifest-east.csv")
        total = store.conn.execute("SELECT SUM(weight_g) FROM parcels").fetchone()[0]
        assert total == 8 * 2000


class TestWestManifest:
    def test_parse(self, inbox: Path) -> None:
        parcels = read_manifest(inbox / "manifest-west.csv")
        assert [p.tracking_no for p in parcels][:2] == ["KRL300000", "KRL300001"]

    def test_import_count(self, store: ParcelStore, inbox: Path) -> None:
        assert import_manifest(store, inbox / "manifest-west.csv") == 9

    def test_recipients_kept(self, store: ParcelStore, inbox: Path) -> None:
        import_manifest(store, inbox / "manifest-west.csv")
        names = [r[0] for r in store.conn.execute("SELECT recipient FROM parcels")]
        assert all(name.startswith("Recipient ") for name in names)
