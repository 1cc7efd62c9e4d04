"""Earlier claims of a policy holder, from the fraud partner."""

from __future__ import annotations

import pytest

from claims.fraud import FraudClient


@pytest.mark.parametrize("holder,count", [
    ("Maija Virtanen", 2),
    ("Tomas Berg", 1),
    ("Ana Lopes", 0),
    ("Kofi Mensah", 2),
])
def test_history(fraud: FraudClient, holder: str, count: int) -> None:
    items = fraud.history(holder.replace(" ", "+"))
    assert len(items) == count
    assert all(item["kind"] == "water" for item in items)
