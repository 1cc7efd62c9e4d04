"""Fare quotes."""

from __future__ import annotations

import pytest

from ferrytimes.errors import TimetableError
from ferrytimes.fares import in_pounds, quote

FARES = {"adult": 1050, "car": 5400, "bicycle": 0, "motorcycle": 2500, "van": 9800}


def test_adult_fare() -> None:
    assert quote(FARES, ["adult", "adult"]) == 2100


def test_child_half_price() -> None:
    assert quote(FARES, ["adult", "child"]) == 1575


def test_infant_free() -> None:
    assert quote(FARES, ["adult", "infant"]) == 1050


def test_vehicle_added() -> None:
    assert quote(FARES, ["adult", "car"]) == 6450


def test_bicycle_free() -> None:
    assert quote(FARES, ["adult", "bicycle"]) == 1050


def test_group_discount() -> None:
    assert quote(FARES, ["adult"] * 10) == 9450


def test_return_trip() -> None:
    assert quote(FARES, ["adult", "motorcycle"], return_trip=True) == 6390


def test_unknown_category_refused() -> None:
    with pytest.raises(TimetableError, match="unknown fare categories"):
        quote(FARES, ["adult", "horse"])


def test_children_need_adult() -> None:
    with pytest.raises(TimetableError, match="with an adult"):
        quote(FARES, ["child"])


def test_in_pounds_format() -> None:
    assert in_pounds({"adult": 1050, "bicycle": 0}) == {"adult": "£10.50", "bicycle": "£0.00"}
