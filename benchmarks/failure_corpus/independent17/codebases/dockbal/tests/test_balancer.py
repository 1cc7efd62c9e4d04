from __future__ import annotations

from dockbal.balancer import plan_moves, spread_evenly, surplus, target_for

from .conftest import station


def test_target_for_default_ratio() -> None:
    assert target_for(station("CT-01", 20, 5), {}) == 10


def test_target_ignores_broken_docks() -> None:
    assert target_for(station("CT-02", 20, 5, broken=4), {"CT-02": 0.75}) == 12


def test_surplus_per_station() -> None:
    stations = [station("A", 10, 9), station("B", 10, 1)]
    assert surplus(stations, {}) == {"A": 4, "B": -4}


def test_plan_moves_pairs_fullest_with_emptiest() -> None:
    stations = [station("A", 20, 18), station("B", 20, 2), station("C", 20, 10)]
    moves = plan_moves(stations, van_capacity=12)
    assert [(m.from_code, m.to_code, m.bikes) for m in moves] == [("A", "B", 8)]


def test_plan_moves_respects_van_capacity() -> None:
    stations = [station("A", 40, 40), station("B", 40, 0)]
    moves = plan_moves(stations, van_capacity=12)
    assert [m.bikes for m in moves] == [12, 8]


def test_balanced_network_needs_no_moves() -> None:
    stations = [station("A", 10, 5), station("B", 10, 6)]
    assert plan_moves(stations, van_capacity=12) == []


def test_spread_evenly_across_docks() -> None:
    assert spread_evenly(7, [2, 4, 4]) == [2, 3, 2]


def test_spread_evenly_caps_at_capacity() -> None:
    assert spread_evenly(30, [2, 3]) == [2, 3]
