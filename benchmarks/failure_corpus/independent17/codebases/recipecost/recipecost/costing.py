"""Cost of a recipe from its lines and the ingredients' prices."""

from __future__ import annotations

from decimal import Decimal

import psycopg

from recipecost.units import grams

LINES = """
SELECT i.sku, i.price_per_kg, i.density, l.quantity, l.unit
FROM recipe_lines l JOIN ingredients i ON i.id = l.ingredient_id
JOIN recipes r ON r.id = l.recipe_id
WHERE r.name = %s
"""


def recipe_cost(conn: psycopg.Connection, recipe: str) -> Decimal:
    """Total ingredient cost of one batch of the recipe."""
    total = Decimal(0)
    for _sku, price_per_kg, density, quantity, unit in conn.execute(LINES, (recipe,)):
        total += grams(quantity, unit, density) / 1000 * price_per_kg
    return total.quantize(Decimal("0.0001"))


def allergens(conn: psycopg.Connection, recipe: str) -> list[str]:
    """The recipe's declared allergens, sorted."""
    row = conn.execute("SELECT allergens FROM recipes WHERE name = %s", (recipe,)).fetchone()
    if row is None:
        raise LookupError(recipe)
    return sorted(a for a in row[0].split(",") if a)
