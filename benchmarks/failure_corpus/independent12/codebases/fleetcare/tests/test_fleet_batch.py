import pytest

from fleetcare.config import Settings
from fleetcare.planner import Rule, plan_fleet, plan_vehicle

FLEET = [("WVN0001", 14_200), ("WVN0002", 29_900), ("WTR0003", 61_000), ("WTR0005", 88_800)]


def test_batch_plan_equals_single_plans(settings: Settings, rules: dict[str, Rule]) -> None:
    result = plan_fleet(FLEET, rules, samples=2_000, cpu_seconds=settings.planner_cpu_seconds,
                        memory_mb=settings.planner_memory_mb)
    assert {vin: plan for vin, (plan, _) in result.items()} == {
        vin: plan_vehicle(vin, km, rules) for vin, km in FLEET}


def test_batch_wear_scores_are_fractions(settings: Settings, rules: dict[str, Rule]) -> None:
    result = plan_fleet(FLEET, rules, samples=2_000, cpu_seconds=settings.planner_cpu_seconds,
                        memory_mb=settings.planner_memory_mb)
    assert all(0.0 <= score < 0.001 for _, score in result.values())


@pytest.mark.parametrize("size", [6])
def test_large_batch_simulation(settings: Settings, rules: dict[str, Rule], size: int) -> None:
    fleet = [(f"WLG{i:04d}", 10_000 + 7_919 * i) for i in range(size)]
    result = plan_fleet(fleet, rules, samples=2_000_000, cpu_seconds=settings.planner_cpu_seconds,
                        memory_mb=settings.planner_memory_mb)
    assert sorted(result) == sorted(v for v, _ in fleet)
