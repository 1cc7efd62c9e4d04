from __future__ import annotations

import json
from decimal import Decimal

from recipecost import config
from recipecost.exports import invoice_json, spool_invoice

LINES = [("shortbread tray", 3, Decimal("7.20")), ("pancake stack", 10, Decimal("1.20"))]


def test_invoice_total() -> None:
    assert json.loads(invoice_json("Harbour Café", LINES))["total"] == "33.60"


def test_invoice_lines_keep_prices_as_text() -> None:
    lines = json.loads(invoice_json("Harbour Café", LINES))["lines"]
    assert lines[0] == {"item": "shortbread tray", "count": 3, "unit_price": "7.20"}


def test_spool_invoice(settings: config.Settings) -> None:
    path = spool_invoice(settings.spool_dir, 412, '{"customer": "Harbour Café"}')
    assert path.name == "INV-000412.json" and path.exists()


def test_spooled_invoice_is_readable(settings: config.Settings) -> None:
    path = spool_invoice(settings.spool_dir, 413, '{"customer": "Old Mill Deli"}')
    assert json.loads(path.read_text())["customer"] == "Old Mill Deli"
