"""The catalogue of root causes: each one a breakage applied to a job's environment on a night.

A cause names its category, the job it breaks, the areas of that job's suite it is meant to
break (two causes sharing an area are never active on the same night), and how it is applied:
an edit of the build or of the test code, a change to the job's packages, to a partner service,
to the delivered files or the shared database, or a process or mount the night runs beside it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CATEGORIES = (
    "flaky", "infrastructure", "credentials_refused", "database_unavailable", "schema_drift",
    "integrity_violation", "missing_dependency", "slow_upstream", "hang", "upstream_unreachable",
    "upstream_5xx", "data_contract", "test_harness", "product_bug", "wrong_behaviour",
)

# Areas of each job's suite, as JUnit ``classname.name`` prefixes.
AREAS: dict[str, dict[str, tuple[str, ...]]] = {
    "parcels": {
        "store": ("tests.test_store",),
        "migrations": ("tests.test_migrations",),
        "depot": ("tests.test_depot",),
        "north": ("tests.test_manifest.TestNorthManifest",),
        "south": ("tests.test_manifest.TestSouthManifest",),
        "east": ("tests.test_manifest.TestEastManifest",),
        "west": ("tests.test_manifest.TestWestManifest",),
        "track": ("tests.test_carrier.TestTracking",),
        "pickups": ("tests.test_carrier.TestPickups",),
        "events": ("tests.test_carrier.TestEventFeed",),
        "sync": ("tests.test_sync",),
        "quote": ("tests.test_rates.TestQuotes",),
        "zones": ("tests.test_rates.TestZones",),
        "webhooks": ("tests.test_webhooks",),
        "labels": ("tests.test_labels",),
        "reports": ("tests.test_reports",),
        "promise": ("tests.test_planning.TestPromisedDate",),
        "route": ("tests.test_planning.TestRoute",),
        "sla": ("tests.test_planning.TestSla",),
        "tariff": ("tests.test_planning.TestTariff",),
        "zonecache": ("tests.test_planning.TestZoneCache",),
        "status": ("tests.test_status",),
    },
    "dateutil": {
        "easter": ("tests.test_easter",),
        "relativedelta": ("tests.test_relativedelta",),
        "rrule": ("tests.test_rrule",),
        "isoparser": ("tests.test_isoparser",),
        "parser": ("tests.test_parser",),
        "tz": ("tests.test_tz",),
        "utils": ("tests.test_utils",),
        "imports": ("tests.test_imports", "tests.test_import_star"),
        "internals": ("tests.test_internals",),
        "property": ("tests.property",),
    },
}


@dataclass
class Night:
    """What one job runs against on one night; causes change it before the run."""

    job: str
    tree: Path
    env: dict[str, str]
    inbox: Path
    work: Path
    carrier: dict[str, Any] = field(default_factory=lambda: {"token": "", "routes": {}})
    rates: dict[str, Any] = field(default_factory=lambda: {"key": "", "routes": {}})
    start_carrier: bool = True
    start_rates: bool = True
    depot_version: int = 3
    depot_sql: list[str] = field(default_factory=list)
    uninstall: list[str] = field(default_factory=list)
    install: list[str] = field(default_factory=list)
    holders: list[list[str]] = field(default_factory=list)
    transient_holders: list[list[str]] = field(default_factory=list)
    mounts: list[tuple[str, str, bool]] = field(default_factory=list)


Apply = Callable[[Night], None]


@dataclass(frozen=True)
class Cause:
    """One root cause: a breakage of one job."""

    name: str
    category: str
    job: str
    areas: tuple[str, ...]
    how: str
    apply: Apply
    extra: tuple[str, ...] = ()
    rare: bool = False

    def selectors(self) -> tuple[str, ...]:
        """The ``classname.name`` prefixes of the tests this cause is meant to break."""
        found: list[str] = list(self.extra)
        for area in self.areas:
            found.extend(AREAS[self.job][area])
        return tuple(found)


def patch(rel: str, old: str, new: str, *more: tuple[str, str]) -> Apply:
    """Edit a file of the job's tree: the build (or test code) carries a bad change."""

    def run(night: Night) -> None:
        path = night.tree / rel
        text = path.read_text(encoding="utf-8")
        for before, after in ((old, new), *more):
            if before not in text:
                raise ValueError(f"{rel}: text to change not found")
            text = text.replace(before, after, 1)
        path.write_text(text, encoding="utf-8")

    return run


def route(service: str, name: str, mode: str) -> Apply:
    """A partner's route behaves in a given way tonight."""

    def run(night: Night) -> None:
        getattr(night, service)["routes"][name] = mode

    return run


def env(**values: str) -> Apply:
    """The job runs with changed environment variables."""

    def run(night: Night) -> None:
        night.env.update(values)

    return run


def edit_manifest(part: str, change: Callable[[list[dict[str, str]], list[str]], None]) -> Apply:
    """A shipper delivers a changed manifest."""

    def run(night: Night) -> None:
        from environment import drops

        rows = drops.manifests()[part]
        columns = list(drops.COLUMNS)
        change(rows, columns)
        drops.write_manifest(night.inbox / f"manifest-{part}.csv", rows, columns)

    return run


def _duplicate(rows: list[dict[str, str]], columns: list[str]) -> None:
    rows[7]["tracking_no"] = rows[2]["tracking_no"]


def _unknown_carrier(rows: list[dict[str, str]], columns: list[str]) -> None:
    rows[4]["carrier"] = "DHX"


def _zero_weight(rows: list[dict[str, str]], columns: list[str]) -> None:
    rows[5]["weight_g"] = "0"


def _blank_recipient(rows: list[dict[str, str]], columns: list[str]) -> None:
    rows[3]["recipient"] = ""


def _service_enum(rows: list[dict[str, str]], columns: list[str]) -> None:
    rows[6]["service"] = "SAMEDAY"


def _weight_text(rows: list[dict[str, str]], columns: list[str]) -> None:
    rows[2]["weight_g"] = "1.4kg"


def _no_postcode(rows: list[dict[str, str]], columns: list[str]) -> None:
    columns.remove("postcode")


def _webhooks_without_status(night: Night) -> None:
    from environment import drops

    lines = drops.webhooks()
    for line in lines[6:]:
        line["state"] = line.pop("status")
    drops.write_webhooks(night.inbox / "webhooks-swx.jsonl", lines)


def _depot(version: int = 3, *sql: str) -> Apply:
    def run(night: Night) -> None:
        night.depot_version = version
        night.depot_sql.extend(sql)

    return run


def _hold_depot(mode: str) -> Apply:
    def run(night: Night) -> None:
        night.holders.append(["hold_db", str(night.env["PARCELS_DEPOT_DB"]), mode])

    return run


def _uninstall(*names: str) -> Apply:
    def run(night: Night) -> None:
        night.uninstall.extend(names)

    return run


def _install(*specs: str) -> Apply:
    def run(night: Night) -> None:
        night.install.extend(specs)

    return run


def _carrier_down(night: Night) -> None:
    night.start_carrier = False


def _rates_down(night: Night) -> None:
    night.start_rates = False


def _carrier_token_rotated(night: Night) -> None:
    night.env["PARCELS_CARRIER_TOKEN"] = "ct-2026-02-stale"


def _rates_key_expired(night: Night) -> None:
    night.env["PARCELS_RATES_KEY"] = "rk-expired-2025"


def _renderer_reaper(night: Night) -> None:
    night.holders.append(["reap", "parcelhub.render"])


def _outbox_mount(full: bool) -> Apply:
    def run(night: Night) -> None:
        mount = night.work / ("outbox-full" if full else "outbox-ro")
        night.mounts.append((str(mount), "full" if full else "ro", True))
        night.env["PARCELS_OUTBOX"] = str(mount)

    return run


def _port_holder(night: Night) -> None:
    night.transient_holders.append(["hold_port", night.env["PARCELS_STATUS_PORT"]])


def _tariff_data_missing(night: Night) -> None:
    (night.tree / "tests" / "data" / "expected_tariffs.json").unlink()


P = "parcels"
D = "dateutil"
CARRIER = ("track", "pickups", "events", "sync")

CAUSES: tuple[Cause, ...] = (
    # flaky
    Cause("order_dependent_zone_cache", "flaky", P, ("zonecache",),
          "the suite runs in reverse order; two cache tests depend on running before others",
          env(PARCELS_TEST_ORDER="reverse")),
    Cause("status_port_held_by_previous_job", "flaky", P, ("status",),
          "a previous job's process still holds the status port during attempt 1",
          _port_holder),
    # infrastructure
    Cause("renderer_killed_by_oom_killer", "infrastructure", P, ("labels",),
          "a memory watchdog on the runner kills every label renderer child with SIGKILL",
          _renderer_reaper),
    Cause("outbox_volume_full", "infrastructure", P, ("reports", "labels"),
          "the outbox is a volume with no space left", _outbox_mount(True)),
    Cause("outbox_volume_read_only", "infrastructure", P, ("reports", "labels"),
          "the outbox volume is mounted read-only", _outbox_mount(False)),
    Cause("zoneinfo_volume_not_mounted", "infrastructure", D, ("tz",),
          "the system time-zone volume the job points DATEUTIL_TZPATH at is not mounted",
          env(DATEUTIL_TZPATH="/mnt/zoneinfo")),
    # credentials_refused
    Cause("carrier_token_rotated", "credentials_refused", P, CARRIER,
          "the carrier rotated the API token; the job's secret is stale",
          _carrier_token_rotated),
    Cause("carrier_pickup_scope_revoked", "credentials_refused", P, ("pickups",),
          "the carrier revoked the pickup scope of the token (403 on pickups)",
          route("carrier", "pickups", "403")),
    Cause("rates_api_key_expired", "credentials_refused", P, ("quote", "zones"),
          "the rating partner's API key expired", _rates_key_expired),
    # database_unavailable
    Cause("depot_db_exclusive_lock", "database_unavailable", P, ("depot",),
          "a backup process holds an exclusive lock on the depot database",
          _hold_depot("exclusive")),
    Cause("depot_db_write_lock", "database_unavailable", P, ("depot",),
          "a maintenance job holds the depot database's write lock", _hold_depot("immediate")),
    # schema_drift
    Cause("depot_migration_2_not_applied", "schema_drift", P, ("depot",),
          "the depot database was provisioned at schema version 1", _depot(1)),
    Cause("depot_events_table_renamed", "schema_drift", P, ("depot",),
          "a half-run migration renamed the depot's events table",
          _depot(3, "ALTER TABLE events RENAME TO events_old")),
    Cause("depot_recipient_column_renamed", "schema_drift", P, ("depot",),
          "another service's migration renamed parcels.recipient in the depot database",
          _depot(3, "ALTER TABLE parcels RENAME COLUMN recipient TO recipient_name")),
    # integrity_violation
    Cause("north_manifest_duplicate_tracking", "integrity_violation", P, ("north",),
          "the north manifest repeats a tracking number", edit_manifest("north", _duplicate)),
    Cause("south_manifest_unknown_carrier", "integrity_violation", P, ("south",),
          "the south manifest names a carrier the depot does not have",
          edit_manifest("south", _unknown_carrier)),
    Cause("east_manifest_zero_weight", "integrity_violation", P, ("east",),
          "the east manifest has a parcel weighing 0 g", edit_manifest("east", _zero_weight)),
    Cause("west_manifest_blank_recipient", "integrity_violation", P, ("west",),
          "the west manifest has a parcel without recipient",
          edit_manifest("west", _blank_recipient)),
    # missing_dependency
    Cause("requests_not_installed", "missing_dependency", P, CARRIER,
          "the job's environment is built without requests", _uninstall("requests"),
          extra=("tests.test_carrier",)),
    Cause("urllib3_1_26_installed", "missing_dependency", P, CARRIER,
          "the environment resolves urllib3 1.26 instead of 2.x", _install("urllib3==1.26.20")),
    Cause("jsonschema_3_installed", "missing_dependency", P, ("webhooks",),
          "the environment resolves jsonschema 3.2", _install("jsonschema==3.2.0", "pyrsistent")),
    Cause("six_not_installed", "missing_dependency", D, tuple(AREAS[D]),
          "the job's environment is built without six", _uninstall("six"), rare=True),
    Cause("freezegun_not_installed", "missing_dependency", D, ("rrule", "utils"),
          "the job's environment is built without freezegun", _uninstall("freezegun")),
    Cause("hypothesis_not_installed", "missing_dependency", D, ("property",),
          "the job's environment is built without hypothesis", _uninstall("hypothesis")),
    # slow_upstream
    Cause("carrier_tracking_slow", "slow_upstream", P, ("track", "sync"),
          "the carrier's tracking route answers after 4 s", route("carrier", "track", "slow")),
    Cause("carrier_pickups_hang", "slow_upstream", P, ("pickups",),
          "the carrier's pickup route accepts and never answers",
          route("carrier", "pickups", "hang")),
    Cause("rates_quotes_slow", "slow_upstream", P, ("quote",),
          "the rating partner's quote route answers after 4 s", route("rates", "quote", "slow")),
    # hang
    Cause("route_planner_never_pops", "hang", P, ("route",),
          "a change to the route planner stops removing visited stops",
          patch("parcelhub/planning.py", "here = remaining.pop(name)", "here = remaining[name]")),
    Cause("sync_lock_not_reentrant", "hang", P, ("sync",),
          "a change makes the sync lock a plain Lock, taken twice by the same thread",
          patch("parcelhub/sync.py", "threading.RLock()", "threading.Lock()")),
    Cause("rrule_byeaster_loop", "hang", D, ("rrule",),
          "a change to the BYEASTER mask never advances past a negative offset",
          patch("src/dateutil/rrule.py",
                "            for offset in rr._byeaster:\n"
                "                self.eastermask[eyday+offset] = 1",
                "            pending = list(rr._byeaster)\n"
                "            while pending:\n"
                "                self.eastermask[eyday+pending[0]] = 1\n"
                "                if pending[0] >= 0:\n"
                "                    pending.pop(0)")),
    # upstream_unreachable
    Cause("carrier_service_down", "upstream_unreachable", P, CARRIER,
          "the carrier's tracking service is not running", _carrier_down),
    Cause("carrier_host_unknown", "upstream_unreachable", P, CARRIER,
          "the carrier's host name does not resolve",
          env(PARCELS_CARRIER_URL="http://tracking.carrier-partner.invalid:8080")),
    Cause("rates_service_down", "upstream_unreachable", P, ("quote", "zones"),
          "the rating partner is not running", _rates_down),
    Cause("carrier_event_feed_resets", "upstream_unreachable", P, ("events",),
          "the carrier's event feed resets connections", route("carrier", "events", "reset")),
    # upstream_5xx
    Cause("carrier_tracking_503", "upstream_5xx", P, ("track", "sync"),
          "the carrier's tracking route answers 503", route("carrier", "track", "503")),
    Cause("carrier_pickups_500", "upstream_5xx", P, ("pickups",),
          "the carrier's pickup route answers 500", route("carrier", "pickups", "500")),
    Cause("carrier_event_feed_502", "upstream_5xx", P, ("events",),
          "the carrier's event feed answers 502", route("carrier", "events", "502")),
    Cause("rates_zones_504", "upstream_5xx", P, ("zones",),
          "the rating partner's zone route answers 504", route("rates", "zones", "504")),
    # data_contract
    Cause("north_manifest_unknown_service", "data_contract", P, ("north",),
          "the north manifest uses a service level outside the agreed list",
          edit_manifest("north", _service_enum)),
    Cause("south_manifest_weight_as_text", "data_contract", P, ("south",),
          "the south manifest gives a weight as text with a unit",
          edit_manifest("south", _weight_text)),
    Cause("west_manifest_without_postcode", "data_contract", P, ("west",),
          "the west manifest comes without its postcode column",
          edit_manifest("west", _no_postcode)),
    Cause("carrier_feed_unknown_status", "data_contract", P, ("events",),
          "the carrier's feed sends a status outside the agreed enum",
          route("carrier", "events", "bad_enum")),
    Cause("carrier_feed_without_timestamps", "data_contract", P, ("events",),
          "the carrier's feed leaves out occurred_at", route("carrier", "events", "missing_field")),
    Cause("webhooks_status_renamed", "data_contract", P, ("webhooks",),
          "the carrier's webhook batch calls the status field 'state'", _webhooks_without_status),
    Cause("rates_price_with_currency", "data_contract", P, ("quote",),
          "the rating partner sends prices as text with a currency",
          route("rates", "quote", "price_text")),
    # test_harness
    Cause("tariff_expectations_missing", "test_harness", P, ("tariff",),
          "the tariff expectations file is missing from the test data", _tariff_data_missing),
    Cause("make_parcel_signature_changed", "test_harness", P, ("store", "reports"),
          "a test helper's keyword was renamed but not its callers",
          patch("tests/helpers.py", "def make_parcel(tracking_no: str, postcode: str",
                "def make_parcel(tracking_no: str, post_code: str",
                ("postcode=postcode,", "postcode=post_code,"))),
    Cause("migration_tests_merge_conflict", "test_harness", P, ("migrations",),
          "a merge left conflict markers in the migration tests",
          patch("tests/test_migrations.py", "def test_migrate_is_idempotent",
                "<<<<<<< HEAD\ndef test_migrate_is_idempotent")),
    Cause("test_common_not_a_value_renamed", "test_harness", D, ("relativedelta",),
          "the tests' shared helper renamed NotAValue",
          patch("tests/_common.py", "NotAValue = NotAValueClass()",
                "NOT_A_VALUE = NotAValueClass()")),
    # product_bug
    Cause("tariff_float_weight", "product_bug", P, ("tariff",),
          "a change computes the tariff's kilos as a float",
          patch("parcelhub/planning.py", "kilos = Decimal(weight_g) / Decimal(1000)",
                "kilos = weight_g / 1000")),
    Cause("route_hub_upper_case", "product_bug", P, ("route",),
          "a change looks hubs up by upper-case name",
          patch("parcelhub/planning.py", "here = HUBS[hub]\n", "here = HUBS[hub.upper()]\n")),
    Cause("area_report_wrong_column", "product_bug", P, ("store", "reports"),
          "a change reads a postcode column that does not exist",
          patch("parcelhub/store.py", 'ch for ch in row["postcode"]',
                'ch for ch in row["post_code"]')),
    Cause("relativedelta_weeks_attribute", "product_bug", D, ("relativedelta",),
          "a change to relativedelta.weeks reads an attribute that does not exist",
          patch("src/dateutil/relativedelta.py", "return int(self.days / 7.0)",
                "return int(self.days / self._days_per_week)")),
    Cause("isoparser_week_offset_type", "product_bug", D, ("isoparser",),
          "a change to the ISO week-date calculation mixes int and str",
          patch("src/dateutil/parser/isoparser.py", "(week - 1) * 7 + (day - 1)",
                "(week - 1) * 7 + (day - '1')")),
    # wrong_behaviour
    Cause("saturday_counted_as_working_day", "wrong_behaviour", P, ("promise",),
          "a change counts Saturdays as delivery days",
          patch("parcelhub/planning.py", "day.weekday() < 5", "day.weekday() < 6")),
    Cause("sla_due_day_counted_late", "wrong_behaviour", P, ("sla",),
          "a change counts a parcel delivered on its due day as late",
          patch("parcelhub/planning.py", "(delivered or today) > promised",
                "(delivered or today) >= promised")),
    Cause("quote_rounded_down", "wrong_behaviour", P, ("quote",),
          "a change rounds quotes down",
          patch("parcelhub/rates.py", "rounding=ROUND_HALF_UP)", 'rounding="ROUND_DOWN")')),
    Cause("status_report_total_skips_delivered", "wrong_behaviour", P, ("reports",),
          "a change leaves delivered parcels out of the report's total",
          patch("parcelhub/reports.py", 'writer.writerow(["total", sum(counts.values())])',
                'writer.writerow(["total", sum(n for s, n in counts.items() '
                'if s != "delivered")])')),
    Cause("orthodox_easter_shift", "wrong_behaviour", D, ("easter",),
          "a change starts the Julian-to-Gregorian century correction in 2000, not 1600",
          patch("src/dateutil/easter.py", "if y > 1600:", "if y > 2000:")),
    Cause("rrule_wkst_rendering", "wrong_behaviour", D, ("rrule",),
          "a change renders WKST from the wrong slice of the weekday",
          patch("src/dateutil/rrule.py", "repr(weekday(self._wkst))[0:2]",
                "repr(weekday(self._wkst))[1:3]")),
)

BY_NAME = {c.name: c for c in CAUSES}


def describe() -> str:
    """The catalogue as JSON, for the README's tables."""
    return json.dumps([{"name": c.name, "category": c.category, "job": c.job, "how": c.how}
                       for c in CAUSES], indent=1)
