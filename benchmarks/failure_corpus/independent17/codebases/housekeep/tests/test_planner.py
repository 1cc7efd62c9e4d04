from __future__ import annotations

import asyncio

from housekeep.planner import plan_floor


def test_plan_floor_round_robin() -> None:
    plan = asyncio.run(plan_floor(1, [101, 104, 205, 102, 103], ["Marta", "Joao"]))
    assert plan == {"Marta": [101, 103], "Joao": [102, 104]}
