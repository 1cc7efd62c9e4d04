"""Catalogue of the root causes applied to the code bases, one breakage each.

A cause names the job it breaks, its category, the library where its error is raised or
detected, and how it is applied to that night's working copy and environment:

- ``patches``: ``(file, old, new)`` text replacements in the job's working copy;
- ``deletes``: files removed from the working copy;
- ``recode``: ``(file, encoding)``: a UTF-8 file of the working copy rewritten in ``encoding``;
- ``env``: environment variables of the job's pytest run (``{closed_port}``, ``{work}``,
  ``{pg_port}``, ``{redis_port}`` ... are filled in by ``make_corpus.py``);
- ``faults``: ``(partner, "METHOD /path", spec)`` served by the partner stub;
- ``sql``: statements run on the job's freshly migrated database;
- ``redis``: ``redis-cli`` arguments run on the job's Redis after it was emptied;
- ``steps``: named environment actions done by ``make_corpus.py`` around the run.

``tests`` lists the test cases the breakage takes down, as ``classname::name`` of the JUnit XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CATEGORIES = (
    "credentials_refused",
    "data_contract",
    "database_unavailable",
    "flaky",
    "hang",
    "infrastructure",
    "integrity_violation",
    "missing_dependency",
    "product_bug",
    "schema_drift",
    "slow_upstream",
    "test_harness",
    "upstream_5xx",
    "upstream_unreachable",
    "wrong_behaviour",
)


@dataclass(frozen=True)
class Cause:
    """One breakage and the test cases it takes down."""

    name: str
    category: str
    job: str
    library: str
    how: str
    tests: tuple[str, ...]
    patches: tuple[tuple[str, str, str], ...] = ()
    deletes: tuple[str, ...] = ()
    recode: tuple[tuple[str, str], ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    faults: tuple[tuple[str, str, dict[str, Any]], ...] = ()
    sql: tuple[str, ...] = ()
    redis: tuple[tuple[str, ...], ...] = ()
    steps: tuple[str, ...] = ()


def t(module: str, *names: str) -> tuple[str, ...]:
    """Test-case keys of ``tests/<module>.py``."""
    return tuple(f"tests.{module}::{name}" for name in names)


KIOSK = [
    Cause(
        "kiosk-due-date-ignores-branch-timezone", "wrong_behaviour", "kiosk", "zoneinfo",
        "due date computed from the UTC day instead of the branch's local day",
        t("test_loans", "test_due_date_is_three_weeks_later_in_branch_time"),
        patches=(("loankiosk/loans.py", "local = checked_out.astimezone(ZoneInfo(branch_tz))",
                  "local = checked_out"),),
    ),
    Cause(
        "kiosk-fine-rounds-down", "wrong_behaviour", "kiosk", "decimal",
        "fines rounded down instead of half up",
        t("test_loans", "test_fine_rounds_half_up"),
        patches=(
            ("loankiosk/loans.py", "from decimal import ROUND_HALF_UP, Decimal",
             "from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal"),
            ("loankiosk/loans.py", "rounding=ROUND_HALF_UP)", "rounding=ROUND_DOWN)"),
        ),
    ),
    Cause(
        "kiosk-fine-total-string-start", "product_bug", "kiosk", "builtins (sum)",
        "keypad total summed from a string start value (TypeError in product code)",
        t("test_loans", "test_fine_total_of_keypad_amounts"),
        patches=(("loankiosk/loans.py", 'for text in amounts), Decimal("0.00"))',
                  'for text in amounts), "0.00")'),),
    ),
    Cause(
        "kiosk-stale-open-loan-row", "integrity_violation", "kiosk", "sqlite3",
        "the deployed database holds an open loan for an item that is on the shelf",
        t("test_loans", "test_checkout_creates_open_loan"),
        sql=("INSERT INTO loans (card, barcode, due) VALUES ('c-1001', 'B-0007', '2026-01-05')",),
    ),
    Cause(
        "kiosk-renewals-column-dropped", "schema_drift", "kiosk", "sqlite3",
        "the loans table of the deployed database lacks the renewals column",
        t("test_loans", "test_renew_extends_due_date", "test_renewals_are_limited"),
        sql=("ALTER TABLE loans DROP COLUMN renewals",),
    ),
    Cause(
        "kiosk-holds-table-missing", "schema_drift", "kiosk", "sqlite3",
        "the holds table was never created in the deployed database",
        t("test_loans", "test_place_hold", "test_hold_queue_position"),
        sql=("DROP TABLE holds",),
    ),
    Cause(
        "kiosk-negative-fine-rate", "integrity_violation", "kiosk", "sqlite3",
        "east branch's fine rate set negative, so a fine breaks the CHECK constraint",
        t("test_loans", "test_return_overdue_at_east_branch"),
        sql=("UPDATE branch_rules SET fine_per_day_cents = -25 WHERE branch = 'east'",),
    ),
    Cause(
        "kiosk-patron-file-renamed-column", "data_contract", "kiosk", "csv",
        "delivered patron file names its email column e-mail",
        t("test_patrons", "test_import_patrons"),
        patches=(("data/incoming/patrons.csv", "card,name,email,branch",
                  "card,name,e-mail,branch"),),
    ),
    Cause(
        "kiosk-patron-file-duplicate-card", "integrity_violation", "kiosk", "sqlite3",
        "delivered east patron file repeats a card number (UNIQUE)",
        t("test_patrons", "test_import_east_patrons"),
        patches=(("data/incoming/patrons_east.csv", "c-3002,Fa Lund", "c-3001,Fa Lund"),),
    ),
    Cause(
        "kiosk-relay-password-rotated", "credentials_refused", "kiosk", "smtplib",
        "the relay password was rotated; the kiosk still sends the old one",
        t("test_notices", "test_overdue_reminder_is_relayed"),
        env={"KIOSK_SMTP_PASSWORD": "kiosk-relay-2025"},
    ),
    Cause(
        "kiosk-notice-relay-down", "upstream_unreachable", "kiosk", "smtplib/socket",
        "hold notices go to a relay address where nothing listens (error returned, not raised)",
        t("test_notices", "test_hold_ready_notice"),
        env={"KIOSK_NOTICE_RELAY": "127.0.0.1:{closed_port}"},
    ),
    Cause(
        "kiosk-catalogue-lookup-500", "upstream_5xx", "kiosk", "requests",
        "catalogue answers 500 for a record lookup (raise_for_status, wrapped from exc)",
        t("test_partners", "test_lookup_title"),
        faults=(("catalogue", "GET /items/9780140449136",
                 {"status": 500, "body": "Internal Server Error"}),),
    ),
    Cause(
        "kiosk-search-graphql-upstream-error", "upstream_5xx", "kiosk", "requests",
        "GraphQL search answers 200 with an errors body saying its index failed",
        t("test_partners", "test_search_by_author"),
        faults=(("catalogue", "POST /graphql", {"status": 200, "body": {
            "data": None, "errors": [{"message": "upstream search index returned 503"}]}}),),
    ),
    Cause(
        "kiosk-availability-slow", "slow_upstream", "kiosk", "requests",
        "availability endpoint answers after 3 s; the kiosk waits 1 s",
        t("test_partners", "test_branch_availability"),
        faults=(("catalogue", "GET /availability/9780199535569", {"delay": 3}),),
    ),
    Cause(
        "kiosk-covers-token-revoked", "credentials_refused", "kiosk", "requests",
        "the kiosk is configured with a revoked covers API token (401)",
        t("test_partners", "test_cover_url"),
        env={"KIOSK_COVERS_TOKEN": "covers-6012"},
    ),
    Cause(
        "kiosk-branches-service-down", "upstream_unreachable", "kiosk", "requests",
        "branches service address refuses connections (logged, then re-raised)",
        t("test_partners", "test_branch_hours"),
        env={"KIOSK_BRANCHES_URL": "http://127.0.0.1:{closed_port}"},
    ),
    Cause(
        "kiosk-receipt-volume-full", "infrastructure", "kiosk", "io/os",
        "receipt spool device is full (ENOSPC)",
        t("test_devices", "test_print_receipt"),
        env={"KIOSK_RECEIPT_PRINTER": "/dev/full"},
    ),
    Cause(
        "kiosk-session-lock-not-reentrant", "hang", "kiosk", "threading",
        "terminal session lock made non-reentrant: nested actions deadlock",
        t("test_devices", "test_session_nested_actions"),
        patches=(("loankiosk/devices.py", "self._lock = threading.RLock()",
                  "self._lock = threading.Lock()"),),
    ),
    Cause(
        "kiosk-conveyor-never-stopped", "hang", "kiosk", "queue/threading",
        "return conveyor is never sent its stop marker; the join waits forever",
        t("test_devices", "test_return_conveyor_sorts_items"),
        patches=(("loankiosk/devices.py", "    belt.put(None)\n", ""),),
    ),
    Cause(
        "kiosk-barcodes-module-not-shipped", "missing_dependency", "kiosk", "importlib",
        "the barcodes module is missing from the build (collection error)",
        ("::tests.test_barcodes",),
        deletes=("loankiosk/barcodes.py",),
    ),
    Cause(
        "kiosk-report-uses-itertools-batched", "missing_dependency", "kiosk", "itertools",
        "report paging written against Python 3.12's itertools.batched",
        t("test_reports", "test_daily_report_batches"),
        patches=(("loankiosk/reports.py",
                  "    return [barcodes[start : start + size]"
                  " for start in range(0, len(barcodes), size)]",
                  "    from itertools import batched\n\n"
                  "    return [list(page) for page in batched(barcodes, size)]"),),
    ),
    Cause(
        "kiosk-live-database-locked", "database_unavailable", "kiosk", "sqlite3",
        "a backup job holds an exclusive lock on the live kiosk database",
        t("test_reports", "test_daily_report_records_run"),
        steps=("lock_kiosk_db",),
    ),
    Cause(
        "kiosk-overdue-test-data-missing", "test_harness", "kiosk", "pathlib/json",
        "the overdue fixture's data file was not committed (fixture error)",
        t("test_loans", "test_overdue_listing"),
        deletes=("tests/data/overdue.json",),
    ),
    Cause(
        "kiosk-display-name-test-typo", "test_harness", "kiosk", "pytest (test body)",
        "the test refers to an undefined name",
        t("test_patrons", "test_patron_display_name"),
        patches=(("tests/test_patrons.py", "({row['card']})\"", "({raw['card']})\""),),
    ),
    Cause(
        "kiosk-shelf-label-wrong-key", "product_bug", "kiosk", "builtins (dict)",
        "shelf label reads a key items do not have (KeyError in product code)",
        t("test_loans", "test_shelf_label"),
        patches=(("loankiosk/loans.py", "{item['shelf']} /", "{item['call_number']} /"),),
    ),
    Cause(
        "kiosk-thumbnail-cache-cold", "flaky", "kiosk", "requests",
        "thumbnail cache is cold on the first request of the night (slow once, then fast)",
        t("test_partners", "test_cover_thumbnail"),
        faults=(("catalogue", "GET /thumbs/9780141439518", {"delay": 2, "fail_first": 1}),),
    ),
]

GREENHOUSE = [
    Cause(
        "gh-gateway-readings-503", "upstream_5xx", "greenhouse", "aiohttp",
        "sensor gateway answers 503 for the north zone (raise_for_status, unwrapped)",
        t("test_gateway", "test_fetch_north_readings"),
        faults=(("gateway", "GET /zones/north/readings",
                 {"status": 503, "body": {"error": "zone controller busy"}}),),
    ),
    Cause(
        "gh-gateway-calibration-504", "upstream_5xx", "greenhouse", "aiohttp",
        "gateway answers 504 for a calibration record (domain error raised from None)",
        t("test_gateway", "test_calibration_offset"),
        faults=(("gateway", "GET /sensors/t-11/calibration",
                 {"status": 504, "body": "Gateway Timeout"}),),
    ),
    Cause(
        "gh-gateway-east-connection-reset", "upstream_unreachable", "greenhouse", "aiohttp",
        "the gateway resets the connection for the east zone",
        t("test_gateway", "test_fetch_east_readings"),
        faults=(("gateway", "GET /zones/east/readings", {"reset": True}),),
    ),
    Cause(
        "gh-irrigation-host-unknown", "upstream_unreachable", "greenhouse", "aiohttp/socket",
        "irrigation controller configured under a host name that does not resolve",
        t("test_gateway", "test_open_valve"),
        env={"GH_IRRIGATION_URL": "http://irrigation.greenhouse.invalid"},
    ),
    Cause(
        "gh-west-readings-unknown-kind", "data_contract", "greenhouse", "pydantic",
        "gateway delivers a sensor kind outside the agreed enum",
        t("test_gateway", "test_fetch_west_readings"),
        faults=(("gateway", "GET /zones/west/readings", {"status": 200, "body": [
            {"sensor_id": "c-51", "kind": "par", "value": 612.0,
             "at": "2026-03-02T06:00:00Z", "zone": "west"}]}),),
    ),
    Cause(
        "gh-setpoint-slow", "slow_upstream", "greenhouse", "aiohttp/asyncio",
        "gateway takes 3 s to apply a setpoint; the collector waits 1 s",
        t("test_gateway", "test_push_setpoint"),
        faults=(("gateway", "POST /zones/south/setpoint", {"delay": 3}),),
    ),
    Cause(
        "gh-forecast-slow-retried", "slow_upstream", "greenhouse", "tenacity",
        "weather forecast answers after 2 s on every try; retries give up",
        t("test_gateway", "test_frost_risk"),
        faults=(("weather", "GET /forecast/greenhouse-2", {"delay": 2}),),
    ),
    Cause(
        "gh-alerts-key-expired", "credentials_refused", "greenhouse", "aiohttp",
        "the weather alerts key expired (401, domain error)",
        t("test_gateway", "test_weather_alerts"),
        env={"GH_ALERTS_KEY": "alerts-4410"},
    ),
    Cause(
        "gh-zone-status-cold-start", "flaky", "greenhouse", "aiohttp",
        "lab zone controller answers 503 once while it boots, then recovers",
        t("test_gateway", "test_zone_status_lab"),
        faults=(("gateway", "GET /zones/lab/status",
                 {"status": 503, "body": "starting", "fail_first": 1}),),
    ),
    Cause(
        "gh-cache-redis-port-closed", "database_unavailable", "greenhouse", "redis",
        "the readings cache points at a Redis port where nothing listens",
        t("test_cache", "test_latest_reading_cached", "test_cache_expiry"),
        env={"GH_REDIS_URL": "redis://:{redis_password}@127.0.0.1:{closed_port}/0"},
    ),
    Cause(
        "gh-lock-redis-wrong-password", "credentials_refused", "greenhouse", "redis",
        "the actuator-lock Redis client uses an old password (WRONGPASS)",
        t("test_cache", "test_vent_lock_free"),
        env={"GH_LOCK_REDIS_URL": "redis://:greenhouse-redis-6@127.0.0.1:{redis_port}/1"},
    ),
    Cause(
        "gh-alarm-queue-foreign-payload", "data_contract", "greenhouse", "pydantic/redis",
        "another producer queued an alarm without a zone and with a bad code",
        t("test_cache", "test_alarm_queue_roundtrip"),
        redis=(("-n", "2", "RPUSH", "gh:alarms", '{"code": "fire", "severity": 9}'),),
    ),
    Cause(
        "gh-archive-duplicate-reading", "integrity_violation", "greenhouse", "SQLAlchemy",
        "the archive already holds a reading of the same sensor and time (UNIQUE)",
        t("test_archive", "test_archive_readings"),
        sql=("INSERT INTO readings (sensor_id, zone, kind, value, at) VALUES "
             "('t-21', 'north', 'temp', 20.4, '2026-03-02 06:00:00.000000')",),
    ),
    Cause(
        "gh-archive-zone-removed", "integrity_violation", "greenhouse", "SQLAlchemy",
        "the south zone was removed from the archive; its readings break the FOREIGN KEY",
        t("test_archive", "test_archive_south_zone"),
        sql=("DELETE FROM zones WHERE name = 'south'",),
    ),
    Cause(
        "gh-sensors-calibrated-at-missing", "schema_drift", "greenhouse", "SQLAlchemy",
        "the archive's sensors table lacks the calibrated_at column",
        t("test_archive", "test_register_sensor"),
        sql=("ALTER TABLE sensors DROP COLUMN calibrated_at",),
    ),
    Cause(
        "gh-daily-summary-table-missing", "schema_drift", "greenhouse", "SQLAlchemy",
        "the daily_summary table migration was not applied",
        t("test_archive", "test_store_daily_summary"),
        sql=("DROP TABLE daily_summary",),
    ),
    Cause(
        "gh-daily-mean-uses-median", "wrong_behaviour", "greenhouse", "statistics",
        "daily mean computed as the median",
        t("test_analysis", "test_daily_mean"),
        patches=(("greenhouse/analysis.py", "statistics.fmean(values)",
                  "statistics.median(values)"),),
    ),
    Cause(
        "gh-vent-threshold-exclusive", "wrong_behaviour", "greenhouse", "builtins (comparison)",
        "vents open only above the threshold, not at it",
        t("test_analysis", "test_vent_threshold"),
        patches=(("greenhouse/control.py", "celsius >= VENT_OPEN_AT", "celsius > VENT_OPEN_AT"),),
    ),
    Cause(
        "gh-dew-point-log-domain", "product_bug", "greenhouse", "math",
        "dew point takes the log of humidity minus 100 (ValueError in product code)",
        t("test_analysis", "test_dew_point"),
        patches=(("greenhouse/analysis.py", "math.log(humidity / 100.0)",
                  "math.log(humidity - 100.0)"),),
    ),
    Cause(
        "gh-format-reading-attribute", "product_bug", "greenhouse", "pydantic (attribute)",
        "log line formatter reads an attribute readings do not have",
        t("test_storage", "test_format_reading_line"),
        patches=(("greenhouse/models.py", "{reading.at.isoformat()}",
                  "{reading.timestamp.isoformat()}"),),
    ),
    Cause(
        "gh-worker-memory-cap", "infrastructure", "greenhouse", "concurrent.futures/resource",
        "analysis workers capped at 64 MB of address space: the growth model runs out of memory",
        t("test_analysis", "test_growth_index_in_worker"),
        env={"GH_WORKER_MEMORY_MB": "64"},
    ),
    Cause(
        "gh-worker-cpu-limit-kill", "infrastructure", "greenhouse", "concurrent.futures/signal",
        "analysis host's CPU-time limit is 1 s: the kernel kills the worker (SIGXCPU/SIGKILL)",
        t("test_analysis", "test_light_sum_in_worker"),
        env={"GH_WORKER_CPU_SECONDS": "1"},
    ),
    Cause(
        "gh-export-volume-missing", "infrastructure", "greenhouse", "gzip/os",
        "the export volume is not mounted",
        t("test_storage", "test_export_day_gzip"),
        env={"GH_EXPORT_DIR": "/mnt/greenhouse-exports"},
    ),
    Cause(
        "gh-open-files-limit", "infrastructure", "greenhouse", "os (EMFILE)",
        "the CI runner's open-file limit is 96; the sensor-log fan-out needs more",
        t("test_storage", "test_sensor_log_fanout"),
        steps=("nofile_96",),
    ),
    Cause(
        "gh-vent-ack-never-set", "hang", "greenhouse", "asyncio",
        "the limit-switch callback no longer acknowledges; the vent move waits forever",
        t("test_control", "test_vent_move_acknowledged"),
        patches=(("greenhouse/control.py", "            ack.set()\n", ""),),
    ),
    Cause(
        "gh-sampler-joined-before-stop", "hang", "greenhouse", "threading",
        "sample collection joins its sampler thread before telling it to stop",
        t("test_control", "test_collect_samples"),
        patches=(("greenhouse/control.py", "    stop.set()\n    worker.join()",
                  "    worker.join()\n    stop.set()"),),
    ),
    Cause(
        "gh-co2-plugin-not-packaged", "missing_dependency", "greenhouse", "importlib",
        "the co2 conversion plugin is missing from the package",
        t("test_control", "test_co2_plugin"),
        deletes=("greenhouse/plugins/co2.py",),
    ),
    Cause(
        "gh-settings-pydantic-v1-import", "missing_dependency", "greenhouse", "pydantic",
        "settings module imports BaseSettings from pydantic as in pydantic 1",
        t("test_control", "test_settings_from_env"),
        patches=(("greenhouse/settings.py",
                  "from pydantic_settings import BaseSettings, SettingsConfigDict",
                  "from pydantic import BaseSettings\nfrom pydantic_settings import "
                  "SettingsConfigDict"),),
    ),
    Cause(
        "gh-zone-limits-string-temperature", "data_contract", "greenhouse", "jsonschema",
        "facilities delivered a zone limit as a string with a unit",
        t("test_control", "test_zone_limits"),
        patches=(("config/zones.json", '"max_temp": 29,', '"max_temp": "29C",'),),
    ),
    Cause(
        "gh-snapshot-fixture-teardown", "test_harness", "greenhouse", "pytest fixture/pathlib",
        "the dashboard fixture removes its directory with rmdir (teardown error)",
        t("test_storage", "test_write_snapshot"),
        patches=(("tests/conftest.py", "    shutil.rmtree(directory)", "    directory.rmdir()"),),
    ),
    Cause(
        "gh-fixture-name-misspelt", "test_harness", "greenhouse", "pytest fixture",
        "a test asks for a fixture that does not exist",
        t("test_storage", "test_readings_by_zone"),
        patches=(("tests/test_storage.py",
                  "def test_readings_by_zone(sample_readings: list[Reading])",
                  "def test_readings_by_zone(sample_reading: list[Reading])"),),
    ),
]

TMEMORY = [
    Cause(
        "tm-segment-already-imported", "integrity_violation", "tmemory", "SQLAlchemy/psycopg",
        "a bulk import left the same source text in the project (UNIQUE, logged then wrapped)",
        t("test_store", "test_add_warranty_segment"),
        sql=("INSERT INTO segments (project_id, source_lang, target_lang, source, target,"
             " checksum) SELECT id, 'en', 'de', 'Warranty void if opened.', 'Garantie.',"
             " 'e31d6f00c78faf86c7f12908927c21e6e81e6288' FROM projects WHERE code = 'ACME-DE'",),
    ),
    Cause(
        "tm-client-deleted", "integrity_violation", "tmemory", "SQLAlchemy/psycopg",
        "client 3 was deleted from the store; new projects for it break the FOREIGN KEY",
        t("test_store", "test_create_project_for_nordtext"),
        sql=("DELETE FROM clients WHERE id = 3",),
    ),
    Cause(
        "tm-reviewer-migration-not-applied", "schema_drift", "tmemory", "SQLAlchemy/psycopg",
        "migration 002 (segments.reviewer) was not shipped with the release",
        t("test_store", "test_approve_segment"),
        deletes=("migrations/002_reviewer.sql",),
    ),
    Cause(
        "tm-clients-table-renamed", "schema_drift", "tmemory", "SQLAlchemy/psycopg",
        "a DBA renamed the clients table to customers",
        t("test_store", "test_client_projects"),
        sql=("ALTER TABLE clients RENAME TO customers",),
    ),
    Cause(
        "tm-reporting-password-rotated", "credentials_refused", "tmemory", "psycopg",
        "the reporting role's password was rotated on the server only",
        t("test_store", "test_project_word_total"),
        sql=("ALTER ROLE tm_report PASSWORD 'tm-report-rotated'",),
    ),
    Cause(
        "tm-batch-role-connection-limit", "database_unavailable", "tmemory", "psycopg",
        "the batch role's connection limit is 0 (too many connections)",
        t("test_store", "test_queue_batch"),
        sql=("ALTER ROLE tm_batch CONNECTION LIMIT 0",),
    ),
    Cause(
        "tm-archive-database-closed", "database_unavailable", "tmemory", "psycopg",
        "the archive database does not accept connections (maintenance)",
        t("test_store", "test_archive_stats"),
        sql=("ALTER DATABASE {archive_db} ALLOW_CONNECTIONS false",),
    ),
    Cause(
        "tm-glossary-table-locked", "database_unavailable", "tmemory", "psycopg",
        "a maintenance session holds an exclusive lock on the glossary table",
        t("test_store", "test_set_glossary_term"),
        steps=("lock_glossary",),
    ),
    Cause(
        "tm-ping-sqlalchemy1-api", "missing_dependency", "tmemory", "SQLAlchemy",
        "ping written for SQLAlchemy 1.x's Engine.execute",
        t("test_store", "test_database_ping"),
        patches=(("tmemory/db.py", 'with engine().connect() as conn:\n'
                  '        return int(conn.execute(text("SELECT 1")).scalar_one())',
                  'return int(engine().execute(text("SELECT 1")).scalar())'),),
    ),
    Cause(
        "tm-yaml-load-without-loader", "missing_dependency", "tmemory", "yaml",
        "config loaded with PyYAML 5's yaml.load(stream)",
        t("test_exchange", "test_config_thresholds"),
        patches=(("tmemory/exchange.py", "yaml.safe_load(handle)", "yaml.load(handle)"),),
    ),
    Cause(
        "tm-httpx-proxies-argument", "missing_dependency", "tmemory", "httpx",
        "health check passes the proxies argument httpx 0.28 removed",
        t("test_partners", "test_mt_healthcheck"),
        patches=(("tmemory/mt.py", "httpx.Client(base_url=mt_url(), timeout=5)",
                  "httpx.Client(base_url=mt_url(), timeout=5,"
                  ' proxies=os.environ.get("HTTP_PROXY"))'),),
    ),
    Cause(
        "tm-normalise-skips-nfc", "wrong_behaviour", "tmemory", "unicodedata",
        "normalisation no longer composes Unicode, so decomposed text misses its match",
        t("test_store", "test_lookup_normalised_text"),
        patches=(("tmemory/text.py", 'unicodedata.normalize("NFC", text).split()',
                  "text.split()"),),
    ),
    Cause(
        "tm-fuzzy-sorted-worst-first", "wrong_behaviour", "tmemory", "builtins (sorted)",
        "fuzzy candidates returned worst first",
        t("test_store", "test_best_fuzzy_match"),
        patches=(("tmemory/store.py", "item[0] >= minimum), reverse=True)",
                  "item[0] >= minimum))"),),
    ),
    Cause(
        "tm-similarity-divides-by-candidate", "product_bug", "tmemory", "difflib",
        "similarity divides by the candidate's length (ZeroDivisionError on empty)",
        t("test_text", "test_similarity_with_empty_candidate"),
        patches=(("tmemory/text.py", "round(2.0 * matched / max(len(a) + len(b), 1), 3)",
                  "round(matched / len(b), 3)"),),
    ),
    Cause(
        "tm-placeholders-split-list", "product_bug", "tmemory", "re",
        "placeholder search given a list of words (TypeError in product code)",
        t("test_text", "test_placeholders_kept"),
        patches=(("tmemory/text.py", "return PLACEHOLDER.findall(text)",
                  "return PLACEHOLDER.findall(text.split())"),),
    ),
    Cause(
        "tm-translate-502-proxy", "upstream_5xx", "tmemory", "httpx",
        "the MT partner's proxy answers 502 for en-de (wrapped from HTTPStatusError)",
        t("test_partners", "test_translate_segment"),
        faults=(("mt", "POST /translate/en-de", {
            "status": 502, "body": "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>",
            "headers": {"Content-Type": "text/html"}}),),
    ),
    Cause(
        "tm-documents-503-retries-exhausted", "upstream_5xx", "tmemory", "tenacity/httpx",
        "document endpoint answers 503 on every retry",
        t("test_partners", "test_translate_document"),
        faults=(("mt", "POST /documents", {"status": 503, "body": {"error": "overloaded"}}),),
    ),
    Cause(
        "tm-languages-slow", "slow_upstream", "tmemory", "httpx",
        "language list answers after 3 s; the client waits 1 s",
        t("test_partners", "test_supported_languages"),
        faults=(("mt", "GET /languages", {"delay": 3}),),
    ),
    Cause(
        "tm-mt-key-revoked", "credentials_refused", "tmemory", "httpx",
        "the MT account key was revoked (401 on usage)",
        t("test_partners", "test_usage_quota"),
        env={"TM_MT_KEY": "mt-key-2201"},
    ),
    Cause(
        "tm-qe-service-refused", "upstream_unreachable", "tmemory", "httpx",
        "quality-estimation address refuses connections",
        t("test_partners", "test_quality_estimate"),
        env={"TM_QE_URL": "http://127.0.0.1:{closed_port}"},
    ),
    Cause(
        "tm-terms-missing-definition", "data_contract", "tmemory", "jsonschema",
        "terminology partner sends terms without the required definition",
        t("test_partners", "test_fetch_legal_terms"),
        faults=(("terms", "GET /terms/legal", {"status": 200, "body": [
            {"term": "liability", "lang": "en"}]}),),
    ),
    Cause(
        "tm-tmx-unclosed-unit", "data_contract", "tmemory", "xml.etree",
        "delivered TMX file has an unclosed translation unit",
        t("test_exchange", "test_import_tmx"),
        patches=(("data/incoming/acme.tmx", "    </tu>\n  </body>", "  </body>"),),
    ),
    Cause(
        "tm-glossary-latin1", "data_contract", "tmemory", "csv/codecs",
        "client glossary delivered in Latin-1 instead of UTF-8",
        t("test_exchange", "test_read_glossary_csv"),
        recode=(("data/incoming/acme_glossary.csv", "latin-1"),),
    ),
    Cause(
        "tm-export-drop-full", "infrastructure", "tmemory", "zipfile/os",
        "the export drop volume is full (ENOSPC)",
        t("test_exchange", "test_export_zip"),
        steps=("export_drop_full",),
    ),
    Cause(
        "tm-aligner-file-quota", "infrastructure", "tmemory", "subprocess/resource",
        "the sandbox's file-size quota is 1 KB: the aligner child dies writing its output",
        t("test_exchange", "test_align_sentences"),
        env={"TM_ALIGNER_MAX_FILE_KB": "1"},
    ),
    Cause(
        "tm-job-poll-wrong-state", "hang", "tmemory", "httpx/time",
        "job polling waits for a state name the partner never sends",
        t("test_partners", "test_async_job_completes"),
        patches=(("tmemory/mt.py", 'if state in ("done", "failed"):',
                  'if state in ("finished", "failed"):'),),
    ),
    Cause(
        "tm-batch-slot-never-released", "hang", "tmemory", "threading",
        "batch translator never gives its request slot back",
        t("test_partners", "test_batch_translate_many"),
        patches=(("tmemory/mt.py", "        self.slots.release()\n", ""),),
    ),
    Cause(
        "tm-report-test-syntax-error", "test_harness", "tmemory", "pytest collection",
        "a test module does not parse (collection error)",
        ("::tests.test_report",),
        patches=(("tests/test_report.py", 'for segment in ("a b", "c d e")}',
                  'for segment in ("a b", "c d e")'),),
    ),
    Cause(
        "tm-scratch-fixture-scope", "test_harness", "tmemory", "pytest fixture",
        "a session-scoped fixture asks for the function-scoped tmp_path (ScopeMismatch)",
        t("test_text", "test_first_sentence"),
        patches=(("tests/conftest.py", '@pytest.fixture(scope="function")',
                  '@pytest.fixture(scope="session")'),),
    ),
    Cause(
        "tm-translate-fr-connection-reset", "flaky", "tmemory", "httpx",
        "the MT partner resets the first en-fr connection of the night",
        t("test_partners", "test_translate_heading"),
        faults=(("mt", "POST /translate/en-fr", {"reset": True, "fail_first": 1}),),
    ),
]

LABSAMPLES = [
    Cause(
        "ls-barcode-already-registered", "integrity_violation", "labsamples", "asyncpg",
        "a reception import already registered the barcode (UNIQUE)",
        t("test_db", "test_register_sample"),
        sql=("INSERT INTO samples VALUES ('S-0100', 'serum', 300, now(), 'received')",),
    ),
    Cause(
        "ls-parent-volume-typo", "integrity_violation", "labsamples", "asyncpg",
        "a sample's volume was entered as 2 µL, so its aliquots break the CHECK constraint",
        t("test_db", "test_split_aliquots"),
        sql=("UPDATE samples SET volume_ul = 2 WHERE barcode = 'S-0009'",),
    ),
    Cause(
        "ls-rack-without-freezer", "integrity_violation", "labsamples", "asyncpg",
        "rack R-7 lost its freezer assignment; storing in it breaks NOT NULL",
        t("test_db", "test_store_in_rack"),
        sql=("UPDATE racks SET freezer = NULL WHERE rack = 'R-7'",),
    ),
    Cause(
        "ls-custody-table-missing", "schema_drift", "labsamples", "asyncpg",
        "the chain_of_custody table is missing from the deployed schema",
        t("test_db", "test_custody_log"),
        sql=("DROP TABLE chain_of_custody",),
    ),
    Cause(
        "ls-shipments-courier-ref-missing", "schema_drift", "labsamples", "asyncpg",
        "shipments table lacks the courier_ref column",
        t("test_db", "test_record_shipment"),
        sql=("ALTER TABLE shipments DROP COLUMN courier_ref",),
    ),
    Cause(
        "ls-results-role-read-only", "database_unavailable", "labsamples", "asyncpg",
        "the results role was pointed at a read-only (standby) session",
        t("test_db", "test_store_result"),
        sql=("ALTER ROLE ls_results SET default_transaction_read_only = on",),
    ),
    Cause(
        "ls-audit-database-down", "database_unavailable", "labsamples", "asyncpg",
        "the audit database's port refuses connections",
        t("test_db", "test_audit_event"),
        env={"LS_AUDIT_DSN": "postgresql://ls_audit:ls-audit-pass@127.0.0.1:{closed_port}/ls"},
    ),
    Cause(
        "ls-viewer-password-expired", "credentials_refused", "labsamples", "asyncpg",
        "the dashboard role's password expired (VALID UNTIL in the past)",
        t("test_db", "test_dashboard_counts"),
        sql=("ALTER ROLE ls_viewer VALID UNTIL '2024-01-01'",),
    ),
    Cause(
        "ls-lims-token-expired", "credentials_refused", "labsamples", "httpx (async)",
        "the LIMS bearer token expired (401 on patient consent)",
        t("test_lims", "test_patient_consent"),
        env={"LS_LIMS_TOKEN": "lims-token-7705"},
    ),
    Cause(
        "ls-lims-orders-500", "upstream_5xx", "labsamples", "httpx (async)",
        "LIMS order endpoint answers 500; the test asserts the status code",
        t("test_lims", "test_submit_order"),
        faults=(("lims", "POST /orders", {"status": 500, "body": {
            "error": "internal", "detail": "order service crashed"}}),),
    ),
    Cause(
        "ls-lims-panel-503", "upstream_5xx", "labsamples", "httpx (async)",
        "LIMS panel endpoint answers 503 (wrapped from HTTPStatusError)",
        t("test_lims", "test_panel_definition"),
        faults=(("lims", "GET /panels/lipids", {"status": 503, "body": "Service Unavailable",
                                                 "headers": {"Retry-After": "120"}}),),
    ),
    Cause(
        "ls-lims-result-slow", "slow_upstream", "labsamples", "httpx (async)",
        "LIMS takes 3 s to deliver a result; the client waits 1 s (wrapped timeout)",
        t("test_lims", "test_fetch_result"),
        faults=(("lims", "GET /results/R-100", {"delay": 3}),),
    ),
    Cause(
        "ls-lims-result-unit", "data_contract", "labsamples", "httpx/json",
        "LIMS sends a result in a unit outside the interface agreement",
        t("test_lims", "test_result_units"),
        faults=(("lims", "GET /results/R-200", {"status": 200, "body": {
            "id": "R-200", "analyte": "glucose", "value": 97, "unit": "mg/dL"}}),),
    ),
    Cause(
        "ls-lims-worklist-cold-start", "flaky", "labsamples", "httpx (async)",
        "the LIMS worklist answers 504 once after its nightly restart",
        t("test_lims", "test_worklist"),
        faults=(("lims", "GET /worklist/chemistry",
                 {"status": 504, "body": "Gateway Timeout", "fail_first": 1}),),
    ),
    Cause(
        "ls-courier-api-down", "upstream_unreachable", "labsamples", "urllib.request",
        "the courier booking API address refuses connections",
        t("test_couriers", "test_courier_pickup"),
        env={"LS_PICKUP_URL": "http://127.0.0.1:{closed_port}"},
    ),
    Cause(
        "ls-courier-tracking-502", "upstream_5xx", "labsamples", "urllib.request",
        "courier tracking answers 502 (HTTPError)",
        t("test_couriers", "test_tracking_status"),
        faults=(("couriers", "GET /tracking/CR-1001", {"status": 502, "body": "Bad Gateway"}),),
    ),
    Cause(
        "ls-courier-tracking-reset-once", "flaky", "labsamples", "urllib.request/http.client",
        "the courier API drops the first tracking connection of the night",
        t("test_couriers", "test_tracking_second_parcel"),
        faults=(("couriers", "GET /tracking/CR-1002", {"reset": True, "fail_first": 1}),),
    ),
    Cause(
        "ls-courier-rates-slow", "slow_upstream", "labsamples", "urllib.request/socket",
        "courier rates answer after 3 s; the tracker waits 1 s",
        t("test_couriers", "test_courier_rates"),
        faults=(("couriers", "GET /rates/north", {"delay": 3}),),
    ),
    Cause(
        "ls-s3-endpoint-down", "upstream_unreachable", "labsamples", "boto3/botocore",
        "the report bucket's S3 endpoint refuses connections",
        t("test_reports", "test_file_report"),
        env={"LS_S3_ENDPOINT": "http://127.0.0.1:{closed_port}"},
    ),
    Cause(
        "ls-export-needs-orjson", "missing_dependency", "labsamples", "importlib (orjson)",
        "result export switched to orjson, which the environment does not install",
        t("test_reports", "test_export_results_json"),
        patches=(("labsamples/export.py",
                  '    return json.dumps(rows, sort_keys=True, separators=(",", ":")).encode()',
                  "    import orjson\n\n"
                  "    return orjson.dumps(rows, option=orjson.OPT_SORT_KEYS)"),),
    ),
    Cause(
        "ls-labels-jinja2-markup", "missing_dependency", "labsamples", "jinja2",
        "labels import Markup from jinja2, which jinja2 3.1 no longer exports",
        t("test_reports", "test_render_label"),
        patches=(("labsamples/labels.py", "from markupsafe import Markup, escape",
                  "from jinja2 import Markup, escape"),),
    ),
    Cause(
        "ls-worksheet-timezone", "wrong_behaviour", "labsamples", "zoneinfo",
        "worksheets print collection times in London time instead of the lab's",
        t("test_tracking", "test_collected_local_time"),
        patches=(("labsamples/tracking.py", 'LAB_TZ = "Europe/Berlin"',
                  'LAB_TZ = "Europe/London"'),),
    ),
    Cause(
        "ls-aliquot-remainder-dropped", "wrong_behaviour", "labsamples", "builtins (divmod)",
        "aliquot volumes drop the remainder",
        t("test_plates", "test_aliquot_volumes"),
        patches=(("labsamples/plates.py", "base + (1 if index < remainder else 0)", "base"),),
    ),
    Cause(
        "ls-well-index-slice", "product_bug", "labsamples", "builtins (int)",
        "well column parsed from the wrong slice (ValueError or a wrong index)",
        t("test_plates", "test_well_index[A1-0]", "test_well_index[C1-24]",
          "test_well_index[H12-95]"),
        patches=(("labsamples/plates.py", "int(well[1:]) - 1", "int(well[2:]) - 1"),),
    ),
    Cause(
        "ls-status-unbound", "product_bug", "labsamples", "builtins (UnboundLocalError)",
        "status transition lost its default; refused transitions hit an unbound local",
        t("test_tracking", "test_status_transition_refused"),
        patches=(("labsamples/tracking.py", "    status = current\n", ""),),
    ),
    Cause(
        "ls-run-file-bad-well", "data_contract", "labsamples", "json",
        "the analyser's run export names a well outside the plate",
        t("test_plates", "test_read_instrument_run"),
        patches=(("data/incoming/run-42.jsonl", '{"well": "B1", "od": 1.204}',
                  '{"well": "B13", "od": 1.204}'),),
    ),
    Cause(
        "ls-plate-worker-prints-result", "hang", "labsamples", "multiprocessing",
        "the plate worker prints its summary instead of sending it; the parent waits forever",
        t("test_plates", "test_plate_analysis"),
        patches=(("labsamples/plates.py", '    out.put({"mean"', '    print({"mean"'),),
    ),
    Cause(
        "ls-registry-lock-reentered", "hang", "labsamples", "asyncio",
        "the registry's history writer takes the move lock it is called under",
        t("test_tracking", "test_move_sample_between_racks"),
        patches=(("labsamples/tracking.py",
                  "    async def _record(self, text: str) -> None:\n"
                  "        self.history.append(text)",
                  "    async def _record(self, text: str) -> None:\n"
                  "        async with self._lock:\n"
                  "            self.history.append(text)"),),
    ),
    Cause(
        "ls-bridge-oom-killed", "infrastructure", "labsamples", "subprocess/signal",
        "the host's OOM killer sends SIGKILL to the instrument bridge",
        t("test_tracking", "test_instrument_bridge"),
        steps=("kill_bridge",),
    ),
    Cause(
        "ls-async-fixture-without-plugin", "test_harness", "labsamples", "pytest fixture",
        "a fixture was made async though the suite has no asyncio plugin",
        t("test_tracking", "test_batch_summary"),
        patches=(("tests/conftest.py", "def sample_batch()", "async def sample_batch()"),),
    ),
    Cause(
        "ls-helper-wrong-keyword", "test_harness", "labsamples", "tests/helpers.py",
        "a test helper builds its sample with a keyword the dataclass does not have",
        t("test_tracking", "test_sample_summary_line"),
        patches=(("tests/helpers.py", "return Sample(barcode=barcode, kind=kind, volume_ul=500)",
                  "return Sample(code=barcode, kind=kind, volume_ul=500)"),),
    ),
]

ALL: list[Cause] = [*KIOSK, *GREENHOUSE, *TMEMORY, *LABSAMPLES]
