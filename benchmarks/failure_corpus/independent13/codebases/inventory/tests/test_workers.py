"""Parallel totals and bin transfers."""

from __future__ import annotations

from inventory.workers import Bins, parallel_totals


def test_parallel_totals() -> None:
    assert parallel_totals({"a": [1, 2], "b": [3]}) == {"a": 3, "b": 3}


def test_transfer_same_bin() -> None:
    bins = Bins(["a", "b"], 5)
    bins.transfer("a", "a", 2)
    assert bins.qty == {"a": 5, "b": 5}


def test_shuffle_conserves_stock() -> None:
    assert Bins(["a", "b"], 100).shuffle(50) == 200
