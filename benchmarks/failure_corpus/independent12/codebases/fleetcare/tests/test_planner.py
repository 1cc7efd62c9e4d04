from typing import Any

import pytest

from fleetcare.planner import Rule, next_due, order_tasks, plan_vehicle

ODOMETERS = [14_200, 29_900, 45_000, 61_000, 88_800, 118_500, 150_000, 238_000]


@pytest.mark.parametrize("odometer", ODOMETERS)
def test_plan_matches_expected(rules: dict[str, Rule], expected_due: dict[str, Any],
                               odometer: int) -> None:
    plan = plan_vehicle("VIN", odometer, rules)
    assert [[task, due] for _, task, due in plan] == expected_due[str(odometer)]


@pytest.mark.parametrize("odometer,interval,due", [
    (0, 15_000, 15_000), (14_999, 15_000, 15_000), (15_000, 15_000, 30_000),
    (30_000, 10_000, 40_000),
])
def test_next_due(odometer: int, interval: int, due: int) -> None:
    assert next_due(odometer, interval) == due


def test_required_task_comes_first(rules: dict[str, Rule]) -> None:
    ordered = order_tasks(rules, ["brake_check", "tyre_rotation"])
    assert ordered == ["tyre_rotation", "brake_check"]
