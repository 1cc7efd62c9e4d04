import csv
from datetime import date

from ledger.archive import spool


def test_spool_writes_csv(stocked, db, settings, tmp_path):
    path = spool(db, settings.spool_dir / tmp_path.name, date(2026, 11, 30))
    rows = list(csv.DictReader(path.open()))
    assert len(rows) == 4 and {r["on_hand"] for r in rows} == {"50"}


def test_upload_and_download_roundtrip(stocked, db, settings, archive, tmp_path):
    path = spool(db, settings.spool_dir / tmp_path.name, date(2026, 12, 1))
    key = archive.upload(path)
    assert archive.download(key) == path.read_bytes()


def test_keys_listed(db, settings, archive, tmp_path):
    for day in (2, 3):
        archive.upload(spool(db, settings.spool_dir / tmp_path.name, date(2026, 12, day)))
    assert {"snapshots/levels-2026-12-02.csv", "snapshots/levels-2026-12-03.csv"} <= set(
        archive.keys())
