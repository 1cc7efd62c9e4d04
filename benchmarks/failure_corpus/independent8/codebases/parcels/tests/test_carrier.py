from __future__ import annotations

import pytest

from parcelhub.carrier import CarrierClient
from parcelhub.config import Settings


@pytest.fixture
def carrier(settings: Settings) -> CarrierClient:
    return CarrierClient(settings.carrier_url, settings.carrier_token, settings.http_timeout)


class TestTracking:
    def test_scans_are_ordered(self, carrier: CarrierClient) -> None:
        scans = carrier.track("NRD000123")
        assert [s.occurred_at for s in scans] == sorted(s.occurred_at for s in scans)

    def test_first_scan_is_pickup(self, carrier: CarrierClient) -> None:
        assert carrier.track("NRD000124")[0].status == "picked_up"

    def test_locations_known(self, carrier: CarrierClient) -> None:
        scans = carrier.track("SWX000200")
        assert {s.location for s in scans} <= {"Hamburg", "Hannover", "Kassel", "Frankfurt"}

    def test_same_answer_twice(self, carrier: CarrierClient) -> None:
        assert carrier.track("KRL000300") == carrier.track("KRL000300")


class TestPickups:
    def test_booking_reference(self, carrier: CarrierClient) -> None:
        ref = carrier.book_pickup("HH-1", ["NRD000001", "NRD000002"], "09:00-12:00")
        assert ref.startswith("PU-") and len(ref) == 11

    def test_same_booking_same_reference(self, carrier: CarrierClient) -> None:
        first = carrier.book_pickup("HH-1", ["NRD000005"], "13:00-16:00")
        assert carrier.book_pickup("HH-1", ["NRD000005"], "13:00-16:00") == first

    def test_different_windows_differ(self, carrier: CarrierClient) -> None:
        a = carrier.book_pickup("HH-2", ["NRD000006"], "09:00-12:00")
        b = carrier.book_pickup("HH-2", ["NRD000006"], "13:00-16:00")
        assert a != b


class TestEventFeed:
    def test_first_page(self, carrier: CarrierClient) -> None:
        events, cursor = carrier.events_since(0)
        assert len(events) == 5 and cursor == 5

    def test_pages_follow_each_other(self, carrier: CarrierClient) -> None:
        _, cursor = carrier.events_since(0)
        events, nxt = carrier.events_since(cursor)
        assert events[0].tracking_no == "NRD100006" and nxt == 10

    def test_statuses_are_known(self, carrier: CarrierClient) -> None:
        events, _ = carrier.events_since(10)
        assert {e.status for e in events} <= {"picked_up", "in_transit", "out_for_delivery",
                                              "delivered"}
