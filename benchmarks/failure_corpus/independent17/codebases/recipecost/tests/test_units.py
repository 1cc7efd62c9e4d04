from __future__ import annotations

from decimal import Decimal

from recipecost.units import grams, scale


def test_grams_from_kilograms() -> None:
    assert grams(Decimal("1.5"), "kg", None) == Decimal(1500)


def test_tablespoons_of_sugar() -> None:
    assert grams(Decimal(2), "tbsp", Decimal("0.85")) == Decimal("25.50")


def test_scaling_turns_tablespoons_into_cups() -> None:
    lines = [("SUG-001", Decimal(4), "tbsp")]
    assert scale(lines, Decimal(4)) == [("SUG-001", Decimal(1), "cup")]
