"""Quantities in kitchen units converted to grams."""

from __future__ import annotations

from decimal import Decimal

MASS_G = {"g": Decimal(1), "kg": Decimal(1000), "pinch": Decimal("0.36")}
VOLUME_ML = {"ml": Decimal(1), "l": Decimal(1000), "tsp": Decimal(5), "tbsp": Decimal(15),
             "cup": Decimal(240)}


class UnitError(ValueError):
    """A quantity cannot be turned into grams."""


def grams(quantity: Decimal, unit: str, density: Decimal | None) -> Decimal:
    """Grams of an ingredient; volumes need the ingredient's density in g/ml."""
    if unit in MASS_G:
        return quantity * MASS_G[unit]
    if density is None:
        raise UnitError(f"{unit} needs a density")
    return quantity * VOLUME_ML[unit] * density


def scale(lines: list[tuple[str, Decimal, str]], factor: Decimal) -> list[tuple[str, Decimal, str]]:
    """Scale a recipe's lines; spoon measures above three spoons become the next unit."""
    scaled: list[tuple[str, Decimal, str]] = []
    for sku, quantity, unit in lines:
        amount = quantity * factor
        if unit == "tsp" and amount >= 3:
            amount, unit = amount * VOLUME_ML["tsp"] / VOLUME_ML["tbsp"], "tbsp"
        if unit == "tbsp" and amount >= 16:
            amount, unit = amount * VOLUME_ML["tbsp"] / VOLUME_ML["cup"], "cup"
        scaled.append((sku, amount, unit))
    return scaled
