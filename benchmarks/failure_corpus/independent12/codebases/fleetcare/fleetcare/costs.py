"""Running cost estimates per vehicle model, in a table of its own."""

from __future__ import annotations

from sqlalchemy import Column, Connection, Double, MetaData, String, Table, insert, select

metadata = MetaData()
model_costs = Table(
    "model_costs", metadata,
    Column("model", String, primary_key=True),
    Column("cost_per_km", Double, nullable=False),
)


def set_cost(conn: Connection, model: str, cost_per_km: float) -> None:
    """Store a model's running cost per kilometre."""
    conn.execute(insert(model_costs).values(model=model, cost_per_km=cost_per_km))


def estimate(conn: Connection, fleet: list[tuple[str, str, int]],
             km_ahead: int) -> dict[str, float]:
    """Estimated running cost of each ``(vin, model, odometer)`` over the next ``km_ahead``."""
    rates = dict(conn.execute(select(model_costs.c.model, model_costs.c.cost_per_km)).all())
    return {vin: round(rates[model] * km_ahead, 2) for vin, model, _ in fleet}
