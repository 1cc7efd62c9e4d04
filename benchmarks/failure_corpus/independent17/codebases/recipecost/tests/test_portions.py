from __future__ import annotations

from decimal import Decimal

from recipecost.portions import menu_price, per_portion


def test_per_portion_rounds_half_up() -> None:
    assert per_portion(Decimal("2.135"), 12) == Decimal("0.18")


def test_per_portion_of_a_half_cent() -> None:
    assert per_portion(Decimal("0.25"), 2) == Decimal("0.13")


def test_menu_price_for_food_cost_share() -> None:
    assert menu_price(Decimal("0.18"), Decimal("0.30")) == Decimal("0.60")
