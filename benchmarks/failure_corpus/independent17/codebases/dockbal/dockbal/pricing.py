"""Incentive pricing: riders who return a bike to an empty station earn credit."""

from __future__ import annotations

from pydantic import BaseModel


class IncentiveRules(BaseModel):
    empty_below: float = 0.2
    credit_cents: int = 50
    max_credit_cents: int = 200


def credit_for(rules: IncentiveRules, fill_ratio: float, returns_today: int) -> int:
    """Credit for one return at a station of the given fill."""
    if fill_ratio >= rules.empty_below:
        return 0
    already = rules.credit_cents * returns_today
    return max(0, min(rules.credit_cents, rules.max_credit_cents - already))
