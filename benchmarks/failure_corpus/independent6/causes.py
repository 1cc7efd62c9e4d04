"""Catalogue of the corpus's root causes: each is one breakage of code, data, dependency
set, database, partner service or runner, applied before a job runs, and the test cases
(`classname::name` patterns, fnmatch) it is expected to break.

`make_corpus.py` stops when a test fails that no active cause declares, or when an
active cause breaks nothing, so the labels are checked against what really happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TEAMS = {
    "schema_drift": "platform-data",
    "integrity_violation": "platform-data",
    "database_unavailable": "platform-data",
    "missing_dependency": "release-engineering",
    "product_bug": "product-dev",
    "wrong_behaviour": "product-dev",
    "data_contract": "data-engineering",
    "hang": "product-dev",
    "slow_upstream": "integrations",
    "upstream_5xx": "integrations",
    "upstream_unreachable": "integrations",
    "credentials_refused": "integrations",
    "test_harness": "qa",
    "flaky": "qa",
    "infrastructure": "ci-infra",
}

# Test cases of the boxoffice job by what they touch.
ORDERS = ["tests.test_orders::*"]
PLACING = [
    *ORDERS,
    "tests.test_payments::test_charge_placed_order",
    "tests.test_export::test_export_orders_csv",
    "tests.test_export::test_render_tickets",
]
DATABASE = [*PLACING, "tests.test_export::test_export_empty_event"]
PAYMENTS = ["tests.test_payments::*"]
VENUES = ["tests.test_venues::*"]
EXPORT = ["tests.test_export::*"]
WORKER = ["tests.test_worker::*"]


@dataclass(frozen=True, kw_only=True)
class Cause:
    """One root cause and how it is applied to a night's job."""

    name: str
    category: str
    breaks: list[str]
    job: str = "boxoffice"
    patch: list[tuple[str, str, str]] = field(default_factory=list)
    rename: list[tuple[str, str]] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    faults: list[dict[str, Any]] = field(default_factory=list)
    migrations: int = 4
    sql: str = ""
    volume: tuple[str, str] | None = None
    lock: bool = False
    venv: str = ""

    @property
    def team(self) -> str:
        return TEAMS[self.category]

    @property
    def flaky(self) -> bool:
        return self.category == "flaky"


CAUSES = [
    # schema_drift
    Cause(
        name="migration_004_not_applied",
        category="schema_drift",
        breaks=["tests.test_orders::test_refund_*"],
        migrations=3,
    ),
    Cause(
        name="dba_renamed_ticket_seat_column",
        category="schema_drift",
        breaks=PLACING,
        sql="ALTER TABLE tickets RENAME COLUMN seat_label TO seat;",
    ),
    Cause(
        name="events_table_renamed_to_concerts",
        category="schema_drift",
        breaks=DATABASE,
        sql="ALTER TABLE events RENAME TO concerts;",
    ),
    # integrity_violation
    Cause(
        name="seat_labels_without_row_letter",
        category="integrity_violation",
        breaks=[
            "tests.test_orders::test_large_group_spans_rows",
            "tests.test_orders::test_sold_out",
            "tests.test_orders::test_tickets_get_consecutive_seats",
            "tests.test_orders::test_premium_order",
            "tests.test_export::test_render_tickets",
        ],
        patch=[
            (
                "boxoffice/orders.py",
                "labels.append(f\"{chr(ord('A') + row)}{number + 1}\")",
                "labels.append(f\"{number + 1}\")",
            )
        ],
    ),
    Cause(
        name="tier_stored_title_cased",
        category="integrity_violation",
        breaks=PLACING,
        patch=[
            (
                "boxoffice/orders.py",
                "(event_id, customer, tier, seats, total)",
                "(event_id, customer, tier.title(), seats, total)",
            )
        ],
    ),
    # database_unavailable
    Cause(
        name="data_volume_not_mounted",
        category="database_unavailable",
        breaks=DATABASE,
        env={"BOXOFFICE_DB": "/srv/boxoffice-data/orders.sqlite"},
    ),
    Cause(
        name="database_locked_by_backup_job",
        category="database_unavailable",
        breaks=DATABASE,
        lock=True,
    ),
    # credentials_refused
    Cause(
        name="payments_key_rotated",
        category="credentials_refused",
        breaks=PAYMENTS,
        env={"PAYMENTS_KEY": "pk-retired-{token}"},
    ),
    Cause(
        name="venues_token_expired",
        category="credentials_refused",
        breaks=VENUES,
        env={"VENUES_TOKEN": "vt-expired-{token}"},
    ),
    # missing_dependency (tinydb)
    Cause(
        name="tinydb_pinned_back_to_4_0",
        category="missing_dependency",
        job="tinydb",
        breaks=["::tests.test_*", "tests.*"],
        venv="tinydb-4.0.0",
    ),
    Cause(
        name="tinydb_pinned_back_to_4_7",
        category="missing_dependency",
        job="tinydb",
        breaks=[
            "tests.test_tables::test_persist_table*",
            "tests.test_tinydb::test_get_multiple_ids*",
            "tests.test_utils::test_lru_cache_set_update",
        ],
        venv="tinydb-4.7.1",
    ),
    # product_bug
    Cause(
        name="orders_returned_as_tuples",
        category="product_bug",
        breaks=["tests.test_orders::test_orders_for_*"],
        patch=[
            (
                "boxoffice/orders.py",
                "return [dict(row) for row in rows]",
                "return [tuple(row) for row in rows]",
            )
        ],
    ),
    Cause(
        name="renderer_splits_seats_on_semicolon",
        category="product_bug",
        breaks=["tests.test_export::test_render_tickets"],
        patch=[("boxoffice/render.py", 'seats.split(",")', 'seats.split(";")')],
    ),
    Cause(
        name="capacity_reads_missing_key",
        category="product_bug",
        breaks=["tests.test_venues::test_capacity_*"],
        patch=[("boxoffice/venues.py", 'int(plan["seats_per_row"])', 'int(plan["seats"])')],
    ),
    Cause(
        name="worker_reads_mail_key",
        category="product_bug",
        breaks=[
            "tests.test_worker::test_drain_confirms_jobs",
            "tests.test_worker::test_worker_thread_confirms",
            "tests.test_worker::test_pending_count",
        ],
        patch=[("boxoffice/worker.py", "payload['email']", "payload['mail']")],
    ),
    # wrong_behaviour
    Cause(
        name="group_discount_from_five_seats",
        category="wrong_behaviour",
        breaks=[
            "tests.test_pricing::test_no_group_discount_below_six",
            "tests.test_pricing::test_price_table[[]premium[]]",
        ],
        patch=[
            ("boxoffice/pricing.py", "if seats >= GROUP_SEATS:", "if seats >= GROUP_SEATS - 1:")
        ],
    ),
    Cause(
        name="full_refund_one_week_ahead",
        category="wrong_behaviour",
        breaks=["tests.test_pricing::test_half_refund_within_two_weeks"],
        patch=[("boxoffice/pricing.py", "if days_before >= 14:", "if days_before >= 7:")],
    ),
    Cause(
        name="booking_fee_cap_dropped",
        category="wrong_behaviour",
        breaks=["tests.test_pricing::test_booking_fee_cap"],
        patch=[("boxoffice/pricing.py", "return min(fee, FEE_MAX)", "return fee")],
    ),
    Cause(
        name="customer_orders_newest_first",
        category="wrong_behaviour",
        breaks=["tests.test_orders::test_orders_for_customer_oldest_first"],
        patch=[("boxoffice/orders.py", '"ORDER BY id",', '"ORDER BY id DESC",')],
    ),
    # data_contract
    Cause(
        name="venues_seats_per_row_camel_case",
        category="data_contract",
        breaks=VENUES,
        faults=[{"route": "venues", "rename": {"seats_per_row": "seatsPerRow"}}],
    ),
    Cause(
        name="venues_rows_as_text",
        category="data_contract",
        breaks=VENUES,
        faults=[{"route": "venues", "as_text": ["rows"]}],
    ),
    # hang
    Cause(
        name="worker_lock_not_reentrant",
        category="hang",
        breaks=[
            "tests.test_worker::test_drain_confirms_jobs",
            "tests.test_worker::test_worker_thread_confirms",
            "tests.test_worker::test_pending_count",
        ],
        patch=[("boxoffice/worker.py", "threading.RLock()", "threading.Lock()")],
    ),
    Cause(
        name="worker_joins_before_signalling",
        category="hang",
        breaks=[
            "tests.test_worker::test_worker_thread_confirms",
            "tests.test_worker::test_worker_stops",
        ],
        patch=[
            (
                "boxoffice/worker.py",
                "self._stop.set()\n        self._thread.join()",
                "self._thread.join()\n        self._stop.set()",
            )
        ],
    ),
    # slow_upstream
    Cause(
        name="payments_answer_late",
        category="slow_upstream",
        breaks=PAYMENTS,
        faults=[{"route": "charges", "delay": 1.4}],
    ),
    Cause(
        name="venues_answer_late",
        category="slow_upstream",
        breaks=VENUES,
        faults=[{"route": "venues", "delay": 1.4}],
    ),
    # upstream_5xx
    Cause(
        name="payments_503",
        category="upstream_5xx",
        breaks=PAYMENTS,
        faults=[{"route": "charges", "status": 503}],
    ),
    Cause(
        name="venues_502",
        category="upstream_5xx",
        breaks=VENUES,
        faults=[{"route": "venues", "status": 502}],
    ),
    # upstream_unreachable
    Cause(
        name="payments_closed_port",
        category="upstream_unreachable",
        breaks=PAYMENTS,
        env={"PAYMENTS_URL": "http://127.0.0.1:{closed_port}"},
    ),
    Cause(
        name="venues_host_unresolvable",
        category="upstream_unreachable",
        breaks=VENUES,
        env={"VENUES_URL": "http://venues-{token}.internal.invalid"},
    ),
    # test_harness
    Cause(
        name="tiers_table_renamed",
        category="test_harness",
        breaks=["tests.test_pricing::test_price_table*"],
        rename=[("tests/data/tiers.json", "tests/data/tier_prices.json")],
    ),
    Cause(
        name="misspelt_export_fixture",
        category="test_harness",
        breaks=["tests.test_export::test_render_single_ticket"],
        patch=[
            (
                "tests/test_export.py",
                "def test_render_single_ticket(export_dir: Path)",
                "def test_render_single_ticket(exports_dir: Path)",
            )
        ],
    ),
    Cause(
        name="spool_teardown_removes_wrong_folder",
        category="test_harness",
        breaks=WORKER,
        patch=[
            (
                "tests/conftest.py",
                "shutil.rmtree(folder)",
                'shutil.rmtree(folder.with_name(folder.name + "-done"))',
            )
        ],
    ),
    # flaky: only the first request of attempt 1 fails
    Cause(
        name="payments_one_502",
        category="flaky",
        breaks=PAYMENTS,
        faults=[{"route": "charges", "status": 502, "first": 1}],
    ),
    Cause(
        name="venues_one_dropped_connection",
        category="flaky",
        breaks=VENUES,
        faults=[{"route": "venues", "drop": True, "first": 1}],
    ),
    Cause(
        name="venues_one_late_answer",
        category="flaky",
        breaks=VENUES,
        faults=[{"route": "venues", "delay": 1.4, "first": 1}],
    ),
    # infrastructure
    Cause(
        name="export_volume_full",
        category="infrastructure",
        breaks=EXPORT,
        volume=("export", "full"),
    ),
    Cause(
        name="spool_volume_read_only",
        category="infrastructure",
        breaks=WORKER,
        volume=("spool", "readonly"),
    ),
    Cause(
        name="tinydb_basetemp_read_only",
        category="infrastructure",
        job="tinydb",
        breaks=["tests.*"],
        volume=("ci-tmp", "readonly"),
    ),
    Cause(
        name="tinydb_basetemp_full",
        category="infrastructure",
        job="tinydb",
        breaks=["tests.*"],
        volume=("ci-tmp", "full"),
    ),
]

BY_NAME = {cause.name: cause for cause in CAUSES}
