"""Daily statistics and the growth model, run in worker processes with resource caps."""

from __future__ import annotations

import math
import os
import resource
import statistics
from concurrent.futures import ProcessPoolExecutor


def daily_mean(values: list[float]) -> float:
    """Mean of a day's temperatures, to two decimals."""
    return round(statistics.fmean(values), 2)


def dew_point(celsius: float, humidity: float) -> float:
    """Magnus-formula dew point in °C."""
    gamma = math.log(humidity / 100.0) + (17.62 * celsius) / (243.12 + celsius)
    return round(243.12 * gamma / (17.62 - gamma), 1)


def _limit_worker() -> None:
    """Cap each worker's memory and CPU time as configured for the analysis host."""
    megabytes = int(os.environ.get("GH_WORKER_MEMORY_MB", "2048"))
    resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))
    seconds = int(os.environ.get("GH_WORKER_CPU_SECONDS", "60"))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def growth_index(days: int) -> float:
    """Growth model over ``days``: a day-by-day light integral table, then its mean."""
    table = [[(hour * day) % 24 / 24.0 for hour in range(24)] for day in range(days)]
    return round(sum(sum(row) for row in table) / (24 * days), 4)


def light_sum(steps: int) -> int:
    """Integer light-sum over ``steps`` simulation steps (CPU-bound)."""
    total = 0
    for step in range(steps):
        total = (total + step * step) % 1_000_003
    return total


def run_in_pool(function_name: str, argument: int) -> float:
    """Run one analysis function in a capped worker process."""
    function = {"growth_index": growth_index, "light_sum": light_sum}[function_name]
    with ProcessPoolExecutor(max_workers=1, initializer=_limit_worker) as pool:
        return float(pool.submit(function, argument).result(timeout=60))
