import pytest

from docketline.partners import BarRegistryClient

pytestmark = pytest.mark.partners


def test_lookup_active_attorney(bar: BarRegistryClient) -> None:
    attorney = bar.lookup("CA-100200")
    assert (attorney.name, attorney.status) == ("Ada Lindqvist", "active")


def test_lookup_suspended_attorney(bar: BarRegistryClient) -> None:
    assert bar.lookup("CA-100203").status == "suspended"


def test_verify_many_in_parallel(bar: BarRegistryClient) -> None:
    numbers = ["CA-100200", "CA-100201", "CA-100202", "CA-100203", "CA-100204"]
    assert bar.verify_many(numbers) == {
        "CA-100200": True,
        "CA-100201": True,
        "CA-100202": False,
        "CA-100203": False,
        "CA-100204": True,
    }


def test_verify_many_single(bar: BarRegistryClient) -> None:
    assert bar.verify_many(["CA-100205"]) == {"CA-100205": True}


def test_batch_lookup(bar: BarRegistryClient) -> None:
    found = bar.batch(["CA-100200", "CA-100202", "CA-999999"])
    assert [a.bar_number for a in found] == ["CA-100200", "CA-100202"]


def test_batch_lookup_statuses(bar: BarRegistryClient) -> None:
    found = bar.batch(["CA-100203", "CA-100204"])
    assert [a.status for a in found] == ["suspended", "active"]
