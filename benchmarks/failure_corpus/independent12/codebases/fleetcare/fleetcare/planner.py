"""Maintenance planning: which tasks fall due, in dependency order, for one vehicle or a fleet."""

from __future__ import annotations

import json
import logging
import resource
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    """A maintenance task repeated every ``interval_km``, after the tasks it requires."""

    task: str
    interval_km: int
    requires: tuple[str, ...]


def load_rules(path: Path) -> dict[str, Rule]:
    """Read the service rules (``{"tasks": {name: {"interval_km": .., "requires": [..]}}}``)."""
    raw = json.loads(path.read_text())
    return {name: Rule(name, int(spec["interval_km"]), tuple(spec.get("requires", [])))
            for name, spec in raw["tasks"].items()}


def order_tasks(rules: dict[str, Rule], tasks: list[str]) -> list[str]:
    """Order tasks so each comes after the tasks it requires (those among ``tasks``)."""
    pending = sorted(tasks)
    done: list[str] = []
    while pending:
        task = pending.pop(0)
        needed = [r for r in rules[task].requires if r in tasks and r not in done]
        if needed:
            pending.append(task)
            continue
        done.append(task)
    return done


def next_due(odometer_km: int, interval_km: int) -> int:
    """The next multiple of the interval strictly after the odometer reading."""
    return (odometer_km // interval_km + 1) * interval_km


def plan_vehicle(vin: str, odometer_km: int, rules: dict[str, Rule],
                 horizon_km: int = 5_000) -> list[tuple[str, str, int]]:
    """The ``(vin, task, due_km)`` falling due within the horizon, in dependency order."""
    due = {name: next_due(odometer_km, rule.interval_km) for name, rule in rules.items()}
    within = [name for name, km in due.items() if km - odometer_km <= horizon_km]
    return [(vin, task, due[task]) for task in order_tasks(rules, within)]


def wear_score(odometer_km: int, samples: int) -> float:
    """A wear estimate simulated over ``samples`` road segments (CPU-bound)."""
    profile: list[float] = []
    state = odometer_km or 1
    for _ in range(samples):
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
        profile.append((state % 1_000) / 1_000_000)
    return round(sum(profile) / max(samples, 1), 6)


def _limit_worker(cpu_seconds: int, memory_mb: int) -> None:
    if cpu_seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


Planned = list[tuple[str, str, int]]


def _plan_one(job: tuple[str, int, dict[str, Rule], int]) -> tuple[str, Planned, float]:
    vin, odometer_km, rules, samples = job
    return vin, plan_vehicle(vin, odometer_km, rules), wear_score(odometer_km, samples)


def plan_fleet(fleet: list[tuple[str, int]], rules: dict[str, Rule], *, samples: int = 20_000,
               workers: int = 2, cpu_seconds: int = 0,
               memory_mb: int = 0) -> dict[str, tuple[list[tuple[str, str, int]], float]]:
    """Plan every ``(vin, odometer_km)`` in worker processes; returns plan and wear per vin."""
    jobs = [(vin, km, rules, samples) for vin, km in fleet]
    results: dict[str, tuple[list[tuple[str, str, int]], float]] = {}
    with ProcessPoolExecutor(max_workers=workers, initializer=_limit_worker,
                             initargs=(cpu_seconds, memory_mb)) as pool:
        for vin, plan, score in pool.map(_plan_one, jobs):
            results[vin] = (plan, score)
    log.info("planned %d vehicles", len(results))
    return results
