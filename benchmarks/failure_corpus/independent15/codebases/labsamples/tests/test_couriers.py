from __future__ import annotations

from labsamples import couriers


def test_courier_pickup() -> None:
    assert couriers.book_pickup("S-0001", "ward-4").startswith("CR-")


def test_tracking_status() -> None:
    assert couriers.tracking("CR-1001") == "in_transit"


def test_tracking_second_parcel() -> None:
    assert couriers.tracking("CR-1002") == "in_transit"


def test_courier_rates() -> None:
    assert couriers.rates("north")["cold_chain"] == 18.5
