"""The catalogue of root causes: each one's category, job, where it shows and how it is applied.

Each cause's `apply` receives the job's night context (see make_corpus.Context) before the job's
databases are provisioned; work that needs the provisioned databases goes into
`ctx.after_provision`, work undone before the rerun into `ctx.between`, and anything to put
back after the job into `ctx.cleanup`.
"""

from __future__ import annotations

import contextlib
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


# --------------------------------------------------------------------------- recipecost
def _hold_batch_lock(ctx: Any) -> None:
    script = ("import sys, time, psycopg\n"
              "conn = psycopg.connect(sys.argv[1])\n"
              "conn.execute('SELECT id FROM production_batches WHERE id = 4 FOR UPDATE')\n"
              "print('locked', flush=True)\n"
              "time.sleep(600)\n")
    holder = ctx.spawn([ctx.python, "-c", script, ctx.env["PG_DSN"]], stdout=subprocess.PIPE)
    assert holder.stdout is not None
    if not holder.stdout.readline():
        raise RuntimeError("the holder process did not start")
    ctx.between.append(lambda: ctx.stop(holder))


def _comma_price_file(ctx: Any) -> None:
    (ctx.data / "inbox" / "prices.csv").write_text(
        "sku,supplier,price_per_kg,valid_from\n"
        'FLR-001,Mill & Sons,"1,15",2026-04-01\n'
        'SUG-001,Mill & Sons,"0,92",2026-04-01\n'
        'BTR-001,Dairy Lane,"8,10",2026-04-01\n'
        'MLK-001,Dairy Lane,"1,05",2026-04-01\n')


cause("recipe-batch-row-locked", "flaky", "recipecost", "psycopg",
      "another session holds the batch row lock during the first attempt only",
      t("test_batch", "test_reserve_batch_for_cook"), after(_hold_batch_lock))
cause("recipe-spool-volume-missing", "infrastructure", "recipecost", "pathlib",
      "the accounting spool volume is not mounted; its path does not exist",
      t("test_exports", "test_spool_invoice", "test_spooled_invoice_is_readable"),
      after(lambda ctx: ctx.env.update(RECIPE_SPOOL_DIR="/mnt/accounting-spool/invoices")))
cause("recipe-reporting-password-rotated", "credentials_refused", "recipecost", "psycopg",
      "the DBA rotated the reporting role's password; the job has the old one",
      t("test_reporting", "test_margin_report", "test_margin_report_skips_unpriced_recipes"),
      after(lambda ctx: ctx.pg("ALTER ROLE recipe_app_reporting PASSWORD 'rotated-2026-05'")))
cause("recipe-replica-unreachable", "database_unavailable", "recipecost", "psycopg",
      "the read replica's address points at a port nothing listens on",
      t("test_replica", "test_menu_listing_from_replica", "test_replica_lists_portions"),
      after(lambda ctx: ctx.env.update(
          PG_REPLICA_DSN=f"postgresql://recipe_app:recipe_app-pw@{CLOSED}/recipecost")))
cause("recipe-batch-role-connection-limit", "database_unavailable", "recipecost", "psycopg",
      "the batch role's connection limit is 0, so every connection is refused",
      t("test_batch", "test_nightly_recost_of_planned_batches", "test_recost_is_repeatable"),
      after(lambda ctx: ctx.pg("ALTER ROLE recipe_app_batch CONNECTION LIMIT 0")))
cause("recipe-allergens-column-missing", "schema_drift", "recipecost", "psycopg",
      "the migration adding recipes.allergens was not applied",
      t("test_costing", "test_shortbread_allergens", "test_pancake_allergens_include_egg"),
      after(lambda ctx: ctx.pg("ALTER TABLE recipes DROP COLUMN allergens", "recipecost")))
cause("recipe-quotes-table-missing", "schema_drift", "recipecost", "psycopg",
      "the supplier_quotes table is missing from the database",
      t("test_catalog", "test_cheapest_butter_quote", "test_quotes_for_butter"),
      after(lambda ctx: ctx.pg("DROP TABLE supplier_quotes", "recipecost")))
cause("recipe-leftover-rye-flour", "integrity_violation", "recipecost", "psycopg",
      "an ingredient row left by an earlier run holds the SKU a test adds (unique)",
      t("test_catalog", "test_add_rye_flour"),
      after(lambda ctx: ctx.pg("INSERT INTO ingredients (sku, name, unit, price_per_kg) "
                               "VALUES ('FLR-002', 'rye flour (old)', 'g', 1.80)",
                               "recipecost")))
cause("recipe-pinch-unit-not-loaded", "integrity_violation", "recipecost", "psycopg",
      "the reference load skipped the pinch unit, so a new ingredient's unit has no parent",
      t("test_catalog", "test_add_ingredient_measured_by_pinch"),
      after(lambda ctx: ctx.pg("DELETE FROM units WHERE code = 'pinch'", "recipecost")))
cause("recipe-invoice-simplejson", "missing_dependency", "recipecost", "importlib",
      "invoice serialisation imports simplejson, which is not installed",
      t("test_exports", "test_invoice_total", "test_invoice_lines_keep_prices_as_text"),
      patch("recipecost/exports.py", "    return json.dumps(body, sort_keys=True)",
            "    import simplejson\n\n"
            "    return str(simplejson.dumps(body, sort_keys=True, use_decimal=True))"))
cause("recipe-dairy-prices-slow", "slow_upstream", "recipecost", "tenacity",
      "the dairy price API takes 3 s; both attempts of the 1 s client time out",
      t("test_suppliers", "test_dairy_prices"), fault("GET /v1/prices/dairy", delay=3))
cause("recipe-pricebook-plain-lock", "hang", "recipecost", "threading",
      "price book's reentrant lock replaced by a plain lock; update_many deadlocks on itself",
      t("test_pricebook", "test_update_many_prices", "test_concurrent_price_updates"),
      patch("recipecost/pricebook.py", "threading.RLock()", "threading.Lock()"))
cause("recipe-scheduler-requeue-head", "hang", "recipecost", "pytest-timeout",
      "a blocked batch is requeued at the head and the stall count reset: endless loop",
      t("test_scheduler", "test_components_come_first"),
      both(patch("recipecost/scheduler.py", "pending.append(batch)", "pending.insert(0, batch)"),
           patch("recipecost/scheduler.py", "stalled += 1", "stalled = 0")))
cause("recipe-supplier-b-unknown-host", "upstream_unreachable", "recipecost", "requests",
      "the second supplier's host name does not resolve",
      t("test_suppliers", "test_second_supplier_flour_prices"),
      env(RECIPE_SUPPLIER_B_URL="http://prices.millbrook-wholesale.invalid"))
cause("recipe-meat-prices-500", "upstream_5xx", "recipecost", "requests",
      "the meat price API answers 500",
      t("test_suppliers", "test_meat_prices", "test_meat_prices_are_decimal"),
      fault("GET /v1/prices/meat", status=500, error="pricing engine crashed"))
cause("recipe-price-file-decimal-comma", "data_contract", "recipecost", "decimal",
      "the delivered price list uses decimal commas",
      t("test_pricefile", "test_load_delivered_prices", "test_delivered_flour_price"),
      after(_comma_price_file))
cause("recipe-menu-week-data-missing", "test_harness", "recipecost", "pytest",
      "the menu test's data file was removed from the test data folder",
      t("test_menu_week", "test_week_menu_cost"),
      lambda ctx: (ctx.src / "tests" / "data" / "menu_week.csv").unlink())
cause("recipe-expected-cost-helper", "test_harness", "recipecost", "decimal",
      "the tests' expected-cost helper passes a precision where Decimal takes a context",
      t("test_menu_week", "test_shortbread_matches_hand_costing"),
      patch("tests/helpers.py", "Decimal(price) / 1000", "Decimal(price, 2) / 1000"))
cause("recipe-tablespoon-key", "product_bug", "recipecost", "recipecost",
      "the volume table's tablespoon entry is keyed 'tblsp' (KeyError)",
      t("test_units", "test_tablespoons_of_sugar", "test_scaling_turns_tablespoons_into_cups"),
      patch("recipecost/units.py", '"tbsp": Decimal(15)', '"tblsp": Decimal(15)'))
cause("recipe-portion-rounding", "wrong_behaviour", "recipecost", "decimal",
      "per-portion cost rounds half to even instead of half up",
      t("test_portions", "test_per_portion_of_a_half_cent"),
      patch("recipecost/portions.py",
            "return (total / portions).quantize(CENT, rounding=ROUND_HALF_UP)",
            "return (total / portions).quantize(CENT)"))


# --------------------------------------------------------------------------- camtrap
def _late_index(ctx: Any) -> None:
    index = ctx.data / "inbox" / "index.json"
    text = index.read_text()
    index.unlink()
    ctx.between.append(lambda: index.write_text(text))


def _kill_thumbnail_workers(ctx: Any) -> None:
    """Stand-in for the kernel's OOM killer: SIGKILL every thumbnail worker that starts."""
    import os
    import signal
    import threading
    from pathlib import Path

    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            for proc in Path("/proc").iterdir():
                if not proc.name.isdigit():
                    continue
                try:
                    cmdline = (proc / "cmdline").read_bytes()
                except OSError:
                    continue
                if b"camtrap.thumbworker" in cmdline:
                    try:
                        environ = (proc / "environ").read_bytes()
                    except OSError:
                        continue
                    if str(ctx.data).encode() in environ:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(int(proc.name), signal.SIGKILL)
            stop.wait(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    ctx.cleanup.append(stop.set)


def _hold_journal_lock(ctx: Any) -> None:
    script = ("import sqlite3, sys, time\n"
              "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "conn.execute('BEGIN EXCLUSIVE')\n"
              "print('locked', flush=True)\n"
              "time.sleep(900)\n")
    holder = ctx.spawn([ctx.python, "-c", script, str(ctx.data / "journal.db")],
                       stdout=subprocess.PIPE)
    assert holder.stdout is not None
    if not holder.stdout.readline():
        raise RuntimeError("the holder process did not start")


def _rewrite_card(number: int, change: Callable[[dict[str, Any]], dict[str, Any] | None]) -> Apply:
    """Rewrite a delivered card dump's manifest (None drops the manifest)."""
    def step(ctx: Any) -> None:
        import json
        import zipfile

        path = ctx.data / "inbox" / f"card-{number:04d}.zip"
        with zipfile.ZipFile(path) as archive:
            entries = {name: archive.read(name) for name in archive.namelist()}
        manifest = change(json.loads(entries.pop("manifest.json")))
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in entries.items():
                archive.writestr(name, data)
            if manifest is not None:
                archive.writestr("manifest.json", json.dumps(manifest))
    return after(step)


cause("camtrap-index-synced-late", "flaky", "camtrap", "pathlib",
      "the nightly index file arrives from the camera server only after the first attempt",
      t("test_index", "test_nightly_index_lists_every_card"), after(_late_index))
cause("camtrap-thumbnail-worker-oom-killed", "infrastructure", "camtrap", "subprocess",
      "the OOM killer SIGKILLs every thumbnail worker process",
      t("test_thumbs", "test_thumbnails_for_card", "test_thumbnail_is_quarter_size"),
      after(_kill_thumbnail_workers))
cause("camtrap-export-volume-full", "infrastructure", "camtrap", "gzip",
      "the export volume is full",
      t("test_exports", "test_export_gzipped_csv", "test_export_keeps_every_row"),
      mount_tmpfs("exports", "size=64k", fill=True))
cause("camtrap-night-model-token-expired", "credentials_refused", "camtrap", "requests",
      "the night model's API token expired; the partner answers 401",
      t("test_species", "test_identify_night_capture", "test_identify_batch_of_night_captures"),
      fault("POST /v1/models/night/identify", token="camtrap-ml-8b1c",
            auth_error="token expired"))
cause("camtrap-journal-locked", "database_unavailable", "camtrap", "sqlite3",
      "a field-laptop sync holds an exclusive lock on the deployment journal all night",
      t("test_journal", "test_record_deployment", "test_deployment_history_in_order"),
      after(_hold_journal_lock))
cause("camtrap-confidence-column-missing", "schema_drift", "camtrap", "sqlite3",
      "the captures table is at an older version without its confidence column",
      t("test_catalog", "test_record_capture", "test_capture_counts_kept_by_trigger"),
      after(lambda ctx: ctx.sqlite("catalog.db", """
          DROP TRIGGER count_capture;
          DROP TABLE captures;
          CREATE TABLE captures (id INTEGER PRIMARY KEY, camera_id INTEGER NOT NULL,
              taken_at TEXT NOT NULL, species TEXT NOT NULL, file TEXT NOT NULL);
          CREATE TRIGGER count_capture AFTER INSERT ON captures BEGIN
              INSERT INTO species_counts (species, n) VALUES (NEW.species, 1)
              ON CONFLICT (species) DO UPDATE SET n = n + 1;
          END;""")))
cause("camtrap-site-reference-missing", "integrity_violation", "camtrap", "sqlite3",
      "the reference load lost site 2, so a camera placed there breaks its foreign key",
      t("test_catalog", "test_add_camera_to_second_ridge_site"),
      after(lambda ctx: ctx.sqlite("catalog.db", "DELETE FROM sites WHERE id = 2;")))
cause("camtrap-yaml-load-without-loader", "missing_dependency", "camtrap", "yaml",
      "sheet loader calls yaml.load without a Loader, removed in PyYAML 6",
      t("test_sheets", "test_load_deployment_sheet", "test_sheet_defaults"),
      patch("camtrap/sheets.py", "yaml.safe_load(text)", "yaml.load(text)"))
cause("camtrap-almanac-slow", "slow_upstream", "camtrap", "http.client",
      "the almanac service takes 3 s; the client waits 1 s",
      t("test_sun", "test_sunrise_for_site", "test_capture_is_nocturnal"),
      fault("GET /v1/sun", delay=3))
cause("camtrap-review-no-stop-sentinel", "hang", "camtrap", "queue",
      "reviewer threads are never sent their stop sentinel, so joining them waits forever",
      t("test_review", "test_review_queue_drains", "test_review_of_nothing"),
      patch("camtrap/review.py", "        todo.put(STOP)\n", "        todo.put(None)\n"))
cause("camtrap-permits-registry-down", "upstream_unreachable", "camtrap", "urllib.request",
      "the permit registry's address points at a port nothing listens on",
      t("test_sites", "test_survey_permit_status", "test_survey_permit_expiry"),
      env(CAMTRAP_PERMITS_URL=f"http://{CLOSED}"))
cause("camtrap-site-registry-502", "upstream_5xx", "camtrap", "urllib.request",
      "the registry's proxy answers 502 Bad Gateway with an HTML page for one site",
      t("test_sites", "test_valley_site_lookup", "test_valley_site_elevation"),
      fault("GET /v1/sites/VALLEY-3", status=502, content_type="text/html",
            raw="<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"))
cause("camtrap-card-trigger-enum", "data_contract", "camtrap", "jsonschema",
      "card 0415's manifest names a trigger mode outside the schema's enum",
      t("test_ingest", "test_ingest_infrared_card_0415", "test_card_0415_trigger_mode"),
      _rewrite_card(415, lambda m: {**m, "trigger": "ir-night"}))
cause("camtrap-card-manifest-missing", "data_contract", "camtrap", "zipfile",
      "card 0412 was delivered without its manifest",
      t("test_ingest", "test_ingest_card_0412", "test_card_0412_image_count"),
      _rewrite_card(412, lambda m: None))
cause("camtrap-calibration-windows-name", "test_harness", "camtrap", "pytest",
      "the calibration test module refers to a list it never defines (collection error)",
      t("test_calibration"),
      patch("tests/test_calibration.py", "(time(23, 30), True)]",
            "(time(23, 30), True)] + SUMMER_WINDOWS"))
cause("camtrap-night-label-int-delta", "product_bug", "camtrap", "datetime",
      "night_label subtracts an int from a datetime (TypeError)",
      t("test_timeline", "test_small_hours_belong_to_previous_night", "test_group_by_night"),
      patch("camtrap/timeline.py", "moment -= timedelta(days=1)", "moment -= 1"))
cause("camtrap-timeline-order", "wrong_behaviour", "camtrap", "camtrap",
      "the timeline sorts oldest first",
      t("test_timeline", "test_latest_first"),
      patch("camtrap/timeline.py", "reverse=True", "reverse=False"))
cause("camtrap-cli-summary-order", "wrong_behaviour", "camtrap", "click",
      "the summary command lists species alphabetically instead of most seen first",
      t("test_cli", "test_cli_summary_counts"),
      patch("camtrap/cli.py", "counts.most_common()", "sorted(counts.items())"))


# --------------------------------------------------------------------------- housekeep
def _planner_lock_left(ctx: Any) -> None:
    import redis

    conn = redis.Redis(port=56417, db=4)
    conn.set("hk:lock:planner:3", "planner-night-run", ex=600)
    ctx.between.append(lambda: conn.delete("hk:lock:planner:3"))
    ctx.cleanup.append(conn.close)


def _board_max_clients(ctx: Any) -> None:
    import redis

    hog = redis.Redis(port=56418)
    hog.ping()
    hog.config_set("maxclients", 1)

    def restore() -> None:
        hog.config_set("maxclients", 10000)
        hog.close()
    ctx.cleanup.append(restore)


cause("hk-planner-lock-left-by-night-run", "flaky", "housekeep", "redis",
      "the night planner still holds floor 3's lock during the first attempt",
      t("test_tasks", "test_plan_third_floor_under_lock"), after(_planner_lock_left))
cause("hk-guest-relay-busy-once", "flaky", "housekeep", "smtplib",
      "the guest mail relay answers 421 to its first connection only",
      t("test_mail", "test_send_guest_room_ready_notice"),
      fault("smtp:guest", busy_first=1))
cause("hk-runner-open-files-limit", "infrastructure", "housekeep", "os",
      "the CI runner's open-file limit is lowered to 128",
      t("test_sheets", "test_write_room_sheets_for_whole_hotel"),
      lambda ctx: setattr(ctx, "nofile", 128))
cause("hk-minibar-redis-password-rotated", "credentials_refused", "housekeep", "redis",
      "the minibar service's Redis user got a new password; the job has the old one",
      t("test_minibar", "test_restock_minibar", "test_restock_total"),
      after(lambda ctx: ctx.redis("ACL", "SETUSER", "minibar", "resetpass",
                                  ">minibar-rotated-0526")))
cause("hk-relay-password-changed", "credentials_refused", "housekeep", "smtplib",
      "the authenticated mail relay's password was changed; login gets 535",
      t("test_mail", "test_send_shift_sheet", "test_send_turndown_shift_sheet"),
      fault("smtp:relay", password="relay-2026-rotated"))
cause("hk-board-redis-max-clients", "database_unavailable", "housekeep", "redis",
      "the status board's Redis is at its client limit (maxclients 1, one connection held)",
      t("test_board", "test_post_room_status", "test_board_keeps_latest_status"),
      after(_board_max_clients))
cause("hk-load-table-missing", "schema_drift", "housekeep", "sqlite3",
      "the attendant_load table the assignment trigger writes to is missing",
      t("test_rooms", "test_assign_room", "test_assignment_updates_attendant_load"),
      after(lambda ctx: ctx.sqlite("rooms.db", "DROP TABLE attendant_load;")))
cause("hk-third-floor-towel-count-low", "integrity_violation", "housekeep", "sqlite3",
      "the morning linen count left floor 3 with too few towels; booking out breaks a CHECK",
      t("test_rooms", "test_take_linen_for_third_floor", "test_take_linen_for_whole_third_floor"),
      after(lambda ctx: ctx.sqlite("rooms.db",
                                   "UPDATE linen_stock SET towels = 30 WHERE floor = 3;")))
cause("hk-laundry-client-proxies-arg", "missing_dependency", "housekeep", "httpx",
      "the catalogue client passes proxies=, removed from httpx's AsyncClient",
      t("test_laundry", "test_linen_catalogue", "test_linen_catalogue_prices"),
      patch("housekeep/laundry.py", "trust_env=False", "proxies=None"))
cause("hk-laundry-pickups-slow", "slow_upstream", "housekeep", "httpx",
      "the laundry vendor takes 3 s to confirm pickups; the async client waits 1 s",
      t("test_laundry", "test_book_pickup", "test_book_pickups_for_every_floor"),
      fault("POST /v1/pickups", delay=3))
cause("hk-ops-relay-slow-banner", "slow_upstream", "housekeep", "smtplib",
      "the ops mail relay sends its greeting after 3 s; the client waits 1 s",
      t("test_mail", "test_send_ops_alert"), fault("smtp:ops", banner_delay=3))
cause("hk-planner-event-never-set", "hang", "housekeep", "asyncio",
      "the departures producer never sets the ready event the planner awaits",
      t("test_planner", "test_plan_floor_round_robin"),
      patch("housekeep/planner.py", "ready.set()", "rooms.sort()"))
cause("hk-lostfound-relay-down", "upstream_unreachable", "housekeep", "smtplib",
      "the lost-property relay's port has nothing listening",
      t("test_mail", "test_send_lost_item_notice"), env(HK_LOSTFOUND_PORT="9"))
cause("hk-uniform-supplier-unknown-host", "upstream_unreachable", "housekeep", "httpx",
      "the uniform supplier's host name does not resolve",
      t("test_laundry", "test_order_uniforms"),
      env(HK_UNIFORM_URL="http://orders.uniform-supplier.invalid"))
cause("hk-pms-clean-report-504", "upstream_5xx", "housekeep", "httpx",
      "the PMS gateway answers 504 to clean reports",
      t("test_pms", "test_report_room_clean", "test_clean_report_is_acknowledged"),
      both(fault("POST /v1/rooms/101/clean", status=504, error="gateway timeout"),
           fault("POST /v1/rooms/104/clean", status=504, error="gateway timeout")))
cause("hk-pms-status-code-unknown", "data_contract", "housekeep", "xml.etree",
      "the PMS status feed carries a status code outside the documented set",
      t("test_pms", "test_room_status_feed", "test_status_feed_covers_every_room"),
      fault("GET /v1/rooms/status.xml", body=(
          '<rooms><room number="101" status="VD"/><room number="102" status="OC"/>'
          '<room number="205" status="DNDL"/><room number="310" status="OOO"/></rooms>')))
cause("hk-report-dir-teardown", "test_harness", "housekeep", "shutil",
      "the report_dir fixture's teardown removes a folder it never made",
      t("test_sheets", "test_linen_report"),
      patch("tests/conftest.py", "shutil.rmtree(folder)", 'shutil.rmtree(folder / "archive")'))
cause("hk-break-slot-default-dropped", "product_bug", "housekeep", "housekeep",
      "break_slot lost its default, so short shifts hit an unbound local",
      t("test_schedule", "test_short_shift_break_at_end"),
      patch("housekeep/schedule.py", '    slot = "at the end"\n', ""))
cause("hk-overdue-naive-clock", "product_bug", "housekeep", "datetime",
      "is_overdue takes a naive now() and compares it with an aware deadline",
      t("test_schedule", "test_past_checkout_is_overdue",
        "test_next_century_checkout_not_overdue"),
      patch("housekeep/schedule.py", "datetime.now(ZoneInfo(tz))", "datetime.now()"))
cause("hk-shift-start-in-utc", "wrong_behaviour", "housekeep", "zoneinfo",
      "shift starts are built in UTC instead of the hotel's time zone",
      t("test_schedule", "test_early_shift_in_summer_time", "test_turndown_shift_in_summer_time"),
      patch("housekeep/schedule.py", "tzinfo=ZoneInfo(tz))", 'tzinfo=ZoneInfo("UTC"))'))


# --------------------------------------------------------------------------- setlists
def _occupy_callback_port(ctx: Any) -> None:
    port = ctx.port + 5
    script = ("import socket, sys, time\n"
              "s = socket.socket()\n"
              "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
              "s.bind(('127.0.0.1', int(sys.argv[1])))\n"
              "s.listen()\n"
              "print('bound', flush=True)\n"
              "time.sleep(900)\n")
    holder = ctx.spawn([ctx.python, "-c", script, str(port)], stdout=subprocess.PIPE)
    assert holder.stdout is not None
    if not holder.stdout.readline():
        raise RuntimeError("the holder process did not start")
    ctx.between.append(lambda: ctx.stop(holder))


cause("setlist-callback-port-taken", "flaky", "setlists", "socket",
      "a previous job's callback receiver still holds the port during the first attempt",
      t("test_ticketing", "test_sales_callback_received"), after(_occupy_callback_port))
cause("setlist-worker-memory-cap", "infrastructure", "setlists", "concurrent.futures",
      "the runner caps each statistics worker's address space at 16 MB",
      t("test_stats", "test_tour_transitions"), env(SETLIST_WORKER_MEMORY_MB="16"))
cause("setlist-venue-key-revoked", "credentials_refused", "setlists", "urllib.request",
      "the venue directory revoked the job's API key (403)",
      t("test_venues", "test_venue_capacity", "test_venue_city"),
      fault("GET /v1/venues/coliseu-porto", token="venues-key-1d77", auth_status=403,
            auth_error="api key revoked"))
cause("setlist-archive-db-closed", "database_unavailable", "setlists", "sqlalchemy",
      "the archive database is closed to new connections for maintenance",
      t("test_archive", "test_archive_show", "test_archived_venues"),
      after(lambda ctx: ctx.pg("ALTER DATABASE setlists_archive ALLOW_CONNECTIONS false")))
cause("setlist-tour-leg-migration-missing", "schema_drift", "setlists", "sqlalchemy",
      "migration 3 (tours.leg) was not applied",
      t("test_tours", "test_create_tour", "test_tour_legs"),
      lambda ctx: ctx.options.update(migrate_args=["--to", "2"]))
cause("setlist-song-added-at-default-dropped", "integrity_violation", "setlists", "sqlalchemy",
      "songs.added_at lost its default, so inserts without it break NOT NULL",
      t("test_songs", "test_add_song", "test_add_cover_song"),
      after(lambda ctx: ctx.pg("ALTER TABLE songs ALTER COLUMN added_at DROP DEFAULT",
                               "setlists")))
cause("setlist-mapping-from-collections", "missing_dependency", "setlists", "importlib",
      "metadata flattening imports Mapping from collections, gone since Python 3.10",
      t("test_meta", "test_meta_flat", "test_meta_flat_nested"),
      patch("setlists/titles.py", "from collections.abc import Mapping",
            "from collections import Mapping"))
cause("setlist-retry-method-whitelist", "missing_dependency", "setlists", "urllib3",
      "tour dates build urllib3's Retry with method_whitelist, removed in urllib3 2",
      t("test_tours", "test_tour_dates", "test_tour_dates_are_iso"),
      patch("setlists/feeds.py", "allowed_methods=frozenset", "method_whitelist=frozenset"))
cause("setlist-lyrics-slow", "slow_upstream", "setlists", "urllib3",
      "the lyrics partner takes 3 s; urllib3's 1 s timeout and one retry run out",
      t("test_feeds", "test_lyrics", "test_lyrics_first_line"),
      fault("GET /v1/lyrics/17", delay=3))
cause("setlist-fingerprint-stdin-open", "hang", "setlists", "subprocess",
      "the fingerprinter's stdin is never closed, so parent and child wait on each other",
      t("test_fingerprint", "test_fingerprint_in_child_process"),
      patch("setlists/fingerprint.py", "    out, _ = proc.communicate(input=audio, timeout=60)\n",
            "    assert proc.stdin is not None and proc.stdout is not None\n"
            "    proc.stdin.write(audio)\n"
            "    proc.stdin.flush()\n"
            "    out = proc.stdout.read()\n"))
cause("setlist-ticketing-reset", "upstream_unreachable", "setlists", "socket",
      "the ticketing partner resets the connection on its health endpoint",
      t("test_ticketing", "test_ticketing_health"), fault("GET /v1/health", reset=True))
cause("setlist-gateway-upstream-failed", "upstream_5xx", "setlists", "setlists",
      "the GraphQL gateway answers 200 with an error saying its venue backend failed",
      t("test_feeds", "test_gateway_query_venues", "test_gateway_query_show_count"),
      fault("POST /graphql", body={"data": None, "errors": [
          {"message": "upstream venue-service responded 503 Service Unavailable",
           "path": ["venues"]}]}))
cause("setlist-wiki-500", "upstream_5xx", "setlists", "urllib3",
      "the fan wiki answers 500 to every try",
      t("test_feeds", "test_wiki_page", "test_wiki_members"),
      fault("GET /v1/wiki/paper-moons", status=500))
cause("setlist-feed-position-as-text", "data_contract", "setlists", "cattrs",
      "the live-setlist feed sends positions as strings",
      t("test_feeds", "test_latest_show", "test_latest_show_encore"),
      fault("GET /v1/feed/latest", body={"artist": "Harbour Lights", "venue": "Coliseu",
                                         "entries": [
                                             {"position": "1", "title": "Intro"},
                                             {"position": "2", "title": "The Night Drive"},
                                             {"position": "3", "title": "Yellow Stairwell",
                                              "encore": True}]}))
cause("setlist-report-fixture-name", "test_harness", "setlists", "pytest",
      "a report test asks for a fixture name that does not exist",
      t("test_report", "test_songs_played_per_city"),
      patch("tests/test_report.py", "def test_songs_played_per_city(tour_rows:",
            "def test_songs_played_per_city(tour_row:"))
cause("setlist-alias-strict-lookup", "product_bug", "setlists", "setlists",
      "title normalising indexes the alias table directly; plain titles raise KeyError",
      t("test_songs", "test_normalise_plain_title", "test_normalise_strips_punctuation"),
      patch("setlists/titles.py", "return ALIASES.get(key, key)", "return ALIASES[key]"))
cause("setlist-distinct-case-sensitive", "wrong_behaviour", "setlists", "setlists",
      "distinct song counting no longer folds case",
      t("test_songs", "test_distinct_songs_ignore_case"),
      patch("setlists/titles.py", "t.strip().casefold()", "t.strip()"))
