from __future__ import annotations

from dockbal.pricing import IncentiveRules, credit_for


def test_credit_for_return_to_empty_station() -> None:
    assert credit_for(IncentiveRules(), 0.1, returns_today=0) == 50


def test_credit_is_capped_per_day() -> None:
    assert credit_for(IncentiveRules(), 0.1, returns_today=3) == 50
    assert credit_for(IncentiveRules(), 0.1, returns_today=4) == 0


def test_no_credit_for_full_station() -> None:
    assert credit_for(IncentiveRules(), 0.6, returns_today=0) == 0
