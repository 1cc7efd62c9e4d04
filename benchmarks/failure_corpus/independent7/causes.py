"""Catalogue of the corpus's root causes: each is one breakage of code, data, dependency
set, database, partner service or runner, applied before a job runs, and the test cases
(`classname::name` patterns, fnmatch; `::module` for a module's collection error) it is
expected to break.

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


@dataclass(frozen=True, kw_only=True)
class Cause:
    """One root cause and how it is applied to a night's job."""

    name: str
    category: str
    breaks: list[str]
    job: str = "meterhub"
    patch: list[tuple[str, str, str]] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    faults: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    down: str = ""
    migrations: int = 3
    sql: str = ""
    feed: str = ""
    setup: str = ""
    volume: tuple[str, str] | None = None
    venv: str = ""
    max_nights: int = 3

    @property
    def team(self) -> str:
        return TEAMS[self.category]

    @property
    def flaky(self) -> bool:
        return self.category == "flaky"


# Test cases of the meterhub job by what they touch.
SAMPLE_DB = ["tests.test_readings::test_[!r]*"]  # ingest the tests' own sample feed
STORE = ["tests.test_readings::*", "tests.test_invoices::*"]  # every test using the store
INVOICES = ["tests.test_invoices::*"]
HEADEND = ["tests.test_feed::test_headend_*", "tests.test_collector::test_collect_t*"]
COLLECTOR = ["tests.test_collector::test_collect_t*"]
TARIFFS = ["tests.test_tariffs::*"]
TARIFFS_BUT_NOT_FOUND = [  # a TariffError subclass is what test_quote_unknown_tariff expects
    "tests.test_tariffs::test_standard_tariff",
    "tests.test_tariffs::test_economy_tariff_has_block",
    "tests.test_tariffs::test_unknown_tariff",
    "tests.test_tariffs::test_quote",
]
REGISTRY = ["tests.test_registry::*"]
STATEMENT = ["tests.test_statement::*"]
DISPATCHER = ["tests.test_alarms::test_dispatcher_*"]

CAUSES = [
    # schema_drift
    Cause(
        name="readings_value_column_renamed",
        category="schema_drift",
        breaks=STORE,
        sql="ALTER TABLE readings RENAME COLUMN value_kwh TO kwh;",
    ),
    Cause(
        name="invoices_migration_skipped",
        category="schema_drift",
        breaks=INVOICES,
        migrations=2,
    ),
    Cause(
        name="meters_rebuilt_without_multiplier",
        category="schema_drift",
        breaks=STORE,
        sql=(
            "CREATE TABLE meters_new (id INTEGER PRIMARY KEY, serial TEXT NOT NULL UNIQUE,"
            " site TEXT NOT NULL, kind TEXT NOT NULL, customer TEXT NOT NULL);"
            " INSERT INTO meters_new SELECT id, serial, site, kind, customer FROM meters;"
            " DROP TABLE meters; ALTER TABLE meters_new RENAME TO meters;"
        ),
    ),
    # integrity_violation
    Cause(
        name="reading_times_truncated_to_day",
        category="integrity_violation",
        breaks=[*SAMPLE_DB, "tests.test_feed::test_parse_line_utc"],
        patch=[
            (
                "meterhub/readings.py",
                '.replace(tzinfo=None)\n',
                '.replace(tzinfo=None, hour=0, minute=0, second=0)\n',
            )
        ],
    ),
    Cause(
        name="invoice_keyed_by_meter_serial",
        category="integrity_violation",
        breaks=INVOICES,
        patch=[("meterhub/invoices.py", "meter_id=meter.id,", "meter_id=meter.serial,")],
    ),
    # database_unavailable
    Cause(
        name="meter_volume_link_dangling",
        category="database_unavailable",
        breaks=STORE,
        setup="dangling_db_link",
    ),
    Cause(
        name="meter_import_holds_write_lock",
        category="database_unavailable",
        breaks=STORE,
        setup="write_lock",
        max_nights=1,  # long tracebacks: one night keeps the XML small
    ),
    # credentials_refused
    Cause(
        name="tariff_api_key_revoked",
        category="credentials_refused",
        breaks=TARIFFS_BUT_NOT_FOUND,
        env={"TARIFF_KEY": "ta-revoked-{token}"},
    ),
    Cause(
        name="registry_token_for_other_audience",
        category="credentials_refused",
        breaks=REGISTRY,
        env={"REGISTRY_TOKEN": "re-{token}-billing"},
    ),
    # missing_dependency
    Cause(
        name="sqlalchemy_pinned_back_to_1_4",
        category="missing_dependency",
        breaks=[
            "::tests.test_readings", "::tests.test_invoices", "::tests.test_feed",
            "::tests.test_collector", "::tests.test_statement",
        ],
        venv="meterhub-sqlalchemy-1.4",
    ),
    Cause(
        name="httpx_missing_from_image",
        category="missing_dependency",
        breaks=TARIFFS,
        venv="meterhub-no-httpx",
    ),
    Cause(
        name="sqlite_utils_pinned_back_to_3_36",
        category="missing_dependency",
        job="sqlite_utils",
        breaks=[
            "tests.test_cli::test_create_table[[]args4-*",
            "tests.test_cli::test_create_table_strict[[]True[]]",
            "tests.test_cli_memory::test_memory_return_db",
            "tests.test_create::test_create_table_strict[[]True[]]",
            "tests.test_fts::test_search_include_rank",
            "tests.test_insert_files::test_insert_files[[]pk_args1-*",
            "::tests.test_transform",
        ],
        venv="sqlite_utils-3.36",
    ),
    Cause(
        name="hypothesis_missing_from_test_extras",
        category="missing_dependency",
        job="sqlite_utils",
        breaks=["::tests.test_hypothesis"],
        venv="sqlite_utils-no-hypothesis",
    ),
    # product_bug
    Cause(
        name="statement_total_split_as_float",
        category="product_bug",
        breaks=["tests.test_statement::test_statement_rendered",
                "tests.test_statement::test_statement_lists_readings",
                "tests.test_statement::test_statement_names_site"],
        patch=[
            (
                "meterhub/statement.py",
                'divmod(int(document["total_cents"]), 100)',
                'divmod(document["total_cents"] / 100, 1)',
            )
        ],
    ),
    Cause(
        name="collector_unpacks_totals_dict",
        category="product_bug",
        breaks=COLLECTOR,
        patch=[("meterhub/collector.py", "for serial, total in totals.items()}",
                "for serial, total in totals}")],
    ),
    Cause(
        name="registry_dates_parsed_day_first",
        category="product_bug",
        breaks=[
            "tests.test_registry::test_meter_site",
            "tests.test_registry::test_meter_kind",
            "tests.test_registry::test_commissioned_date",
        ],
        patch=[("meterhub/registry.py", '"%Y-%m-%d"', '"%d-%m-%Y"')],
    ),
    # wrong_behaviour
    Cause(
        name="domestic_vat_at_business_rate",
        category="wrong_behaviour",
        breaks=[
            "tests.test_billing::test_vat_domestic",
            "tests.test_billing::test_bill_table[[]standard-month[]]",
            "tests.test_billing::test_bill_table[[]economy-month[]]",
            "tests.test_invoices::test_invoice_for_month",
            "tests.test_invoices::test_invoice_vat_stored",
        ],
        patch=[("meterhub/billing.py", '"domestic": Decimal("0.05")',
                '"domestic": Decimal("0.20")')],
    ),
    Cause(
        name="price_block_only_when_exceeded",
        category="wrong_behaviour",
        breaks=[
            "tests.test_billing::test_block_boundary_exact",
            "tests.test_billing::test_bill_table[[]economy-month[]]",
        ],
        patch=[("meterhub/billing.py", "in_block = min(used, block)",
                "in_block = min(used, block) if used > block else Decimal(0)")],
    ),
    Cause(
        name="cents_rounded_half_to_even",
        category="wrong_behaviour",
        breaks=[
            "tests.test_billing::test_cents_round_half_up",
            "tests.test_billing::test_bill_table[[]economy-month[]]",
        ],
        patch=[("meterhub/billing.py", "rounding=ROUND_HALF_UP)", "rounding=ROUND_HALF_EVEN)"),
               ("meterhub/billing.py", "import ROUND_HALF_UP,", "import ROUND_HALF_EVEN,")],
    ),
    Cause(
        name="latest_reading_is_oldest",
        category="wrong_behaviour",
        breaks=["tests.test_readings::test_latest_reading"],
        patch=[("meterhub/readings.py", ".order_by(Reading.taken_at.desc())",
                ".order_by(Reading.taken_at)")],
    ),
    Cause(
        name="register_rollover_ignored",
        category="wrong_behaviour",
        breaks=["tests.test_billing::test_register_rollover"],
        patch=[("meterhub/billing.py", "if current < previous:", "if current < 0:")],
    ),
    # data_contract
    Cause(
        name="headend_kwh_sent_with_unit",
        category="data_contract",
        breaks=HEADEND,
        feed="kwh_with_unit",
    ),
    Cause(
        name="headend_serial_field_renamed",
        category="data_contract",
        breaks=HEADEND,
        feed="serial_renamed",
    ),
    Cause(
        name="tariff_price_field_renamed",
        category="data_contract",
        breaks=[
            "tests.test_tariffs::test_standard_tariff",
            "tests.test_tariffs::test_economy_tariff_has_block",
            "tests.test_tariffs::test_quote",
        ],
        faults={"tariffs": [{"rename": {"unit_price_millicents": "unitPriceMillicents"}}]},
    ),
    # hang
    Cause(
        name="collector_never_marks_done",
        category="hang",
        breaks=COLLECTOR,
        patch=[("meterhub/collector.py", '\n        queue.task_done()', "")],
    ),
    Cause(
        name="dispatcher_stop_not_signalled",
        category="hang",
        breaks=DISPATCHER,
        patch=[("meterhub/alarms.py", "self._queue.put(_STOP)\n        ", "")],
    ),
    # slow_upstream
    Cause(
        name="tariff_service_slow",
        category="slow_upstream",
        breaks=TARIFFS,
        faults={"tariffs": [{"delay": 1.5}]},
    ),
    Cause(
        name="registry_slow",
        category="slow_upstream",
        breaks=REGISTRY,
        faults={"registry": [{"delay": 1.5}]},
    ),
    # upstream_5xx
    Cause(
        name="tariff_service_503",
        category="upstream_5xx",
        breaks=TARIFFS_BUT_NOT_FOUND,
        faults={"tariffs": [{"status": 503}]},
    ),
    Cause(
        name="registry_500",
        category="upstream_5xx",
        breaks=REGISTRY,
        faults={"registry": [{"status": 500}]},
    ),
    # upstream_unreachable
    Cause(
        name="registry_service_down",
        category="upstream_unreachable",
        breaks=REGISTRY,
        down="registry",
        max_nights=1,  # long tracebacks: one night keeps the XML small
    ),
    Cause(
        name="tariff_host_unresolvable",
        category="upstream_unreachable",
        breaks=TARIFFS_BUT_NOT_FOUND,
        env={"TARIFF_URL": "http://tariffs-{token}.grid.invalid"},
    ),
    # test_harness
    Cause(
        name="sample_feed_truncated",
        category="test_harness",
        breaks=SAMPLE_DB,
        patch=[("tests/data/sample_feed.jsonl",
                '{"serial": "SF-9", "ts": "2026-10-07T00:00:00Z", "kwh": 12.0}\n',
                '{"serial": "SF-9", "ts": "2026-10-0')],
    ),
    Cause(
        name="bills_table_not_checked_out",
        category="test_harness",
        breaks=["tests.test_billing::test_bill_table*"],
        remove=["tests/data/bills.json"],
    ),
    Cause(
        name="caplog_level_on_wrong_logger",
        category="test_harness",
        breaks=["tests.test_readings::test_ingest_skips_known_readings"],
        patch=[
            (
                "tests/test_readings.py",
                'caplog.at_level(logging.INFO, logger="meterhub.readings")',
                'caplog.at_level(logging.INFO, logger="meterhub.reading")',
            )
        ],
    ),
    Cause(
        name="detect_types_exported_by_ci",
        category="test_harness",
        job="sqlite_utils",
        breaks=[
            "tests.test_cli::test_csv_insert_bom",
            "tests.test_cli::test_import_no_headers*",
            "tests.test_cli::test_insert_encoding",
            "tests.test_cli_insert::test_insert_convert_json_csv_jsonnl[[]options1-*",
            "tests.test_cli_insert::test_insert_csv_empty_null*",
            "tests.test_cli_insert::test_insert_csv_tsv*",
        ],
        env={"SQLITE_UTILS_DETECT_TYPES": "1"},
    ),
    Cause(
        name="docs_not_checked_out",
        category="test_harness",
        job="sqlite_utils",
        breaks=["tests.test_docs::*"],
        remove=["docs"],
    ),
    # flaky: only in attempt 1
    Cause(
        name="tariff_one_dropped_connection",
        category="flaky",
        breaks=TARIFFS,
        faults={"tariffs": [{"drop": True, "first": 1}]},
    ),
    Cause(
        name="registry_one_late_answer",
        category="flaky",
        breaks=REGISTRY,
        faults={"registry": [{"delay": 1.5, "first": 1}]},
    ),
    Cause(
        name="headend_export_still_running",
        category="flaky",
        breaks=HEADEND,
        setup="feed_late",
    ),
    # infrastructure
    Cause(
        name="outbox_volume_read_only",
        category="infrastructure",
        breaks=STATEMENT,
        volume=("outbox", "readonly"),
    ),
    Cause(
        name="spool_volume_full",
        category="infrastructure",
        breaks=["tests.test_alarms::test_alarm_for_spike",
                "tests.test_alarms::test_dispatcher_writes_alarms"],
        volume=("spool", "full"),
    ),
    Cause(
        name="basetemp_volume_read_only",
        category="infrastructure",
        job="sqlite_utils",
        breaks=["tests.*"],
        volume=("ci-tmp", "readonly"),
        max_nights=1,
    ),
    Cause(
        name="basetemp_volume_full",
        category="infrastructure",
        job="sqlite_utils",
        breaks=["tests.*"],
        volume=("ci-tmp", "full"),
        max_nights=1,
    ),
]

BY_NAME = {cause.name: cause for cause in CAUSES}
