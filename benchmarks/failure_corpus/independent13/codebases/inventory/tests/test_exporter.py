"""COPY export."""

from __future__ import annotations

from collections.abc import Callable

from inventory.exporter import export_csv


def test_export_csv(make_item: Callable[..., str], tag: str) -> None:
    sku = make_item("cable", 5)
    assert export_csv(tag).splitlines() == [f"{sku},5"]
