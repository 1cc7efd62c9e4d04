from decimal import Decimal

import pytest

from lending import acquisitions
from lending.errors import ContractViolation


def test_feed_matches_contract(settings):
    items = acquisitions.read_feed(settings.feed_path)
    assert len(items) >= 20
    assert all(item.copies > 0 for item in items)


def test_spend_by_branch(settings, branches):
    items = acquisitions.read_feed(settings.feed_path)
    spend = acquisitions.spend_by_branch(items)
    assert set(spend) <= {b["code"] for b in branches}
    assert sum(spend.values()) == sum(i.unit_price * i.copies for i in items)


def test_parse_row_rejects_short_isbn():
    row = {"isbn": "12345", "title": "X", "branch": "central", "copies": "1", "unit_price": "9.90"}
    with pytest.raises(ContractViolation, match="ISBN-13"):
        acquisitions.parse_row(2, row)
    assert acquisitions.parse_row(2, {**row, "isbn": "9780141439518"}).total == Decimal("9.90")
