import gzip
from datetime import date

from bookings import cli, store

DAY = date(2026, 12, 14)


def test_export_writes_gzip(session, rooms, settings, tmp_path_factory):
    store.book(session, "ola@example.org", rooms["double"], DAY, 2, 12000)
    out = settings.export_dir / tmp_path_factory.mktemp("e").name
    path = cli.export(session, DAY, out)
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    assert lines[0].startswith("reference,") and len(lines) == 2


def test_export_empty_range(session, rooms, settings, tmp_path_factory):
    out = settings.export_dir / tmp_path_factory.mktemp("e").name
    path = cli.export(session, date(2030, 1, 1), out)
    assert len(gzip.decompress(path.read_bytes()).decode().splitlines()) == 1


def test_render_invoice():
    text = cli.render_invoice({"reference": "BK-1", "guest": "pia@example.org",
                               "items": [{"label": "3 nights double", "cents": 36000}],
                               "total_cents": 36000})
    assert "TOTAL" in text and "360.00" in text


def test_render_invoice_two_items():
    text = cli.render_invoice({"reference": "BK-2", "guest": "quin@example.org",
                               "items": [{"label": "room", "cents": 1000},
                                         {"label": "breakfast", "cents": 500}],
                               "total_cents": 1500})
    assert text.count("\n") == 5
