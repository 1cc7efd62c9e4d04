"""The catalogue of root causes: each one's category, job, where it shows and how it is applied.

Each cause's `apply` receives the job's night context (see make_corpus.Context) before the job's
databases are provisioned; work that needs the provisioned databases goes into
`ctx.after_provision`, work undone before the rerun into `ctx.between`, and anything to put
back after the job into `ctx.cleanup`.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Apply = Callable[[Any], None]
CLOSED = "127.0.0.1:9"


@dataclass(frozen=True)
class Cause:
    name: str
    category: str
    job: str
    library: str
    how: str
    tests: tuple[str, ...]
    apply: Apply


def patch(relative: str, old: str, new: str) -> Apply:
    def apply(ctx: Any) -> None:
        ctx.patch(relative, old, new)
    return apply


def env(**values: str) -> Apply:
    def apply(ctx: Any) -> None:
        for key, value in values.items():
            ctx.env[key] = value.replace("{data}", str(ctx.data))
    return apply


def fault(route: str, **settings: Any) -> Apply:
    def apply(ctx: Any) -> None:
        ctx.fault(route, **settings)
    return apply


def fault_once(route: str, **settings: Any) -> Apply:
    """A fault on the first request only, so the rerun finds the partner well."""
    return fault(route, fail_first=1, **settings)


def after(step: Callable[[Any], None]) -> Apply:
    def apply(ctx: Any) -> None:
        ctx.after_provision.append(lambda: step(ctx))
    return apply


def both(*steps: Apply) -> Apply:
    def apply(ctx: Any) -> None:
        for step in steps:
            step(ctx)
    return apply


def mount_tmpfs(relative: str, options: str, fill: bool = False) -> Apply:
    """Mount a small tmpfs over a data folder (read-only, or filled up) for the job's run."""
    def step(ctx: Any) -> None:
        target = ctx.data / relative
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                       check=True)
        ctx.cleanup.append(lambda: subprocess.run(["umount", "-l", str(target)], check=False))
        if fill:
            subprocess.run(["dd", "if=/dev/zero", f"of={target}/.fill", "bs=4k"],
                           stderr=subprocess.DEVNULL, check=False)
    return after(step)


def t(module: str, *names: str) -> tuple[str, ...]:
    """Node ids of tests in tests/<module>.py; no names means the module's collection."""
    if not names:
        return (f"tests/{module}.py",)
    return tuple(f"tests/{module}.py::{name}" for name in names)


CAUSES: list[Cause] = []


def cause(name: str, category: str, job: str, library: str, how: str, tests: tuple[str, ...],
          apply: Apply) -> None:
    CAUSES.append(Cause(name, category, job, library, how, tests, apply))


# --------------------------------------------------------------------------- dockbal
def _leftover_station(ctx: Any) -> None:
    ctx.sqlite("dock.db", "INSERT INTO stations (code, name, capacity, bikes) "
                          "VALUES ('HB-07', 'Ferry Pier (old)', 18, 3);")


cause("dock-harbour-feed-blip", "flaky", "dockbal", "httpx",
      "telemetry partner answers 503 to the first harbour-zone request only",
      t("test_feed", "test_fetch_harbour_stations"),
      fault_once("GET /v1/zones/harbour/stations", status=503))
cause("dock-feed-token-rotated", "credentials_refused", "dockbal", "httpx",
      "telemetry partner rotated the east-zone token; the job still sends the old one (401)",
      t("test_feed", "test_fetch_east_stations", "test_east_broken_docks_lower_capacity"),
      fault("GET /v1/zones/east/stations", token="dock-feed-2027",
            auth_error="token revoked"))
cause("dock-uni-feed-missing-capacity", "data_contract", "dockbal", "pydantic",
      "telemetry partner drops the required capacity field from a university station",
      t("test_feed", "test_fetch_university_stations", "test_university_fill_ratios"),
      fault("GET /v1/zones/uni/stations", body={"stations": [
          {"code": "UN-04", "name": "Library Steps", "capacity": 20, "bikes": 18},
          {"code": "UN-05", "name": "Sports Hall", "bikes": 2}]}))
cause("dock-dispatch-slow", "slow_upstream", "dockbal", "httpx",
      "van dispatch partner takes 3 s to answer; the client waits 1 s",
      t("test_dispatch", "test_dispatch_moves", "test_dispatch_sends_every_move"),
      fault("POST /v1/dispatch", delay=3))
cause("dock-priority-dispatch-503", "upstream_5xx", "dockbal", "httpx",
      "van dispatch partner's urgent queue answers 503",
      t("test_dispatch", "test_priority_dispatch", "test_priority_dispatch_is_urgent"),
      fault("POST /v1/dispatch/priority", status=503, error="urgent queue unavailable"))
cause("dock-weather-down", "upstream_unreachable", "dockbal", "httpx",
      "weather partner's address points at a port nothing listens on",
      t("test_weather", "test_rain_probability_next_hours", "test_weather_adjusted_target"),
      env(DOCK_WEATHER_URL=f"http://{CLOSED}"))
cause("dock-spread-loop", "hang", "dockbal", "pytest-timeout",
      "round robin of spread_evenly skips the last dock, so it never places the last bikes",
      t("test_balancer", "test_spread_evenly_across_docks", "test_spread_evenly_caps_at_capacity"),
      patch("dockbal/balancer.py", "index = (index + 1) % len(docks)",
            "index = (index + 1) % max(1, len(docks) - 1)"))
cause("dock-moves-reversed", "wrong_behaviour", "dockbal", "dockbal",
      "planned moves carry the bikes from the emptiest to the fullest station",
      t("test_balancer", "test_plan_moves_pairs_fullest_with_emptiest"),
      patch("dockbal/balancer.py", "PlannedMove(donor, taker, count)",
            "PlannedMove(taker, donor, count)"))
cause("dock-override-keyed-by-name", "product_bug", "dockbal", "dockbal",
      "target override looked up by station name instead of code (KeyError)",
      t("test_balancer", "test_target_ignores_broken_docks"),
      patch("dockbal/balancer.py", "ratio = overrides[station.code]",
            "ratio = overrides[station.name]"))
cause("dock-cache-redis-down", "database_unavailable", "dockbal", "redis",
      "the dashboard's Redis address points at a port nothing listens on",
      t("test_cache", "test_cache_fill_ratios", "test_cached_fill_expires"),
      env(DOCK_REDIS_URL=f"redis://{CLOSED}/1"))
cause("dock-leftover-station", "integrity_violation", "dockbal", "sqlalchemy",
      "a station row left over from an earlier run holds the unique code a test registers",
      t("test_store", "test_register_harbour_station"), after(_leftover_station))
cause("dock-holds-table-missing", "schema_drift", "dockbal", "sqlalchemy",
      "the maintenance_holds table's migration is missing from the database",
      t("test_store", "test_hold_station_for_maintenance", "test_release_maintenance_hold"),
      after(lambda ctx: ctx.sqlite("dock.db", "DROP TABLE maintenance_holds;")))
cause("dock-report-volume-readonly", "infrastructure", "dockbal", "pathlib",
      "the report volume is mounted read-only",
      t("test_reports", "test_write_daily_report"), mount_tmpfs("reports", "ro,size=64k"))
cause("dock-plan-fixture-renamed", "test_harness", "dockbal", "pytest",
      "the plan fixture reads a data file under a name that does not exist",
      t("test_reports", "test_report_from_planned_moves"),
      patch("tests/conftest.py", '"plan.json"', '"planned-moves.json"'))
cause("dock-pricing-settings-import", "missing_dependency", "dockbal", "pydantic",
      "pricing module imports BaseSettings from pydantic, moved out in pydantic 2",
      t("test_pricing"),
      patch("dockbal/pricing.py", "from pydantic import BaseModel",
            "from pydantic import BaseModel, BaseSettings"))
