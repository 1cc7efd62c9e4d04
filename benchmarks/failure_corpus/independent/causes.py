"""The catalogue of root causes: how each one breaks the environment or the build.

A cause belongs to one job (a code base's test run) and declares the test
cases it breaks (``targets``: "module::test" for the shop and ingest suites,
"*" for every failure of the job). make_corpus.py activates a random,
non-overlapping subset per night and checks that exactly the declared test
cases fail.

Mechanisms a cause can use:
    env      environment variables of the test run (``{closed_port}``, ``{token}``,
             ``{tmpfs}`` are filled in per night)
    routes   behaviour of the staging upstream stub (status, delay, times)
    api_key  the key the payments stub accepts (rotated keys)
    patches  (file, old, new) edits of the code base: a regression in the
             night's build or a broken test change
    hooks    named environment breakages run around the test run
    sql      statements run on the shop database after migrations
    migrate_upto, ddl_edits, feed, feedformats, venv   provisioning choices
"""

from __future__ import annotations

from dataclasses import dataclass, field

CATEGORIES = (
    "schema_drift", "integrity_violation", "database_unavailable", "missing_dependency",
    "product_bug", "wrong_behaviour", "data_contract", "hang", "slow_upstream",
    "upstream_5xx", "upstream_unreachable", "credentials_refused", "test_harness", "flaky",
    "infrastructure",
)


@dataclass(frozen=True)
class Cause:
    id: str
    job: str
    category: str
    targets: tuple[str, ...]
    weight: float = 0.5
    env: dict[str, str] = field(default_factory=dict)
    routes: dict[str, dict] = field(default_factory=dict)
    api_key: str | None = None
    patches: tuple[tuple[str, str, str], ...] = ()
    hooks: tuple[str, ...] = ()
    sql: tuple[str, ...] = ()
    migrate_upto: int | None = None
    ddl_edits: tuple[tuple[str, str], ...] = ()
    feed: str | None = None
    feedformats: str | None = "feedformats-1.4"
    venv: str | None = None

    @property
    def flaky(self) -> bool:
        return self.category == "flaky"


def _t(*names: str) -> tuple[str, ...]:
    return tuple(names)


# ---------------------------------------------------------------- shop test groups
PAY_CHARGE = _t("test_api::test_post_order_201", "test_api::test_duplicate_ref_409",
                "test_api::test_post_two_orders",
                "test_checkout::test_place_order_charges_total",
                "test_checkout::test_place_order_with_discount",
                "test_checkout::test_place_order_german_vat",
                "test_checkout::test_two_orders_same_customer",
                "test_payments::test_authorize_returns_charge_id[100]",
                "test_payments::test_authorize_returns_charge_id[12999]",
                "test_payments::test_authorize_returns_charge_id[1]",
                "test_payments::test_refund_returns_id")
BAD_KEY = _t("test_payments::test_bad_key_rejected")
PAY_REFUND = _t("test_api::test_refund_endpoint", "test_checkout::test_refund_partial",
                "test_checkout::test_refund_full_marks_refunded",
                "test_payments::test_refund_returns_id")
PLACE = _t("test_api::test_post_order_201", "test_api::test_duplicate_ref_409",
           "test_api::test_post_two_orders", "test_checkout::test_place_order_charges_total",
           "test_checkout::test_place_order_with_discount",
           "test_checkout::test_place_order_german_vat",
           "test_checkout::test_two_orders_same_customer")
INV_STOCK = PLACE + _t("test_inventory::test_available_for_known_sku",
                       "test_inventory::test_availability_keeps_order",
                       "test_inventory::test_availability_is_fast",
                       "test_inventory::test_reserve_returns_id",
                       "test_inventory::test_reserve_more_than_stock_fails",
                       "test_checkout::test_stock_cache_reuses_level",
                       "test_checkout::test_stock_cache_invalidate")
INV_RESERVE = PLACE + _t("test_inventory::test_reserve_returns_id")
API = _t("test_api::test_health", "test_api::test_post_order_201",
         "test_api::test_get_order_roundtrip", "test_api::test_duplicate_ref_409",
         "test_api::test_quote_endpoint", "test_api::test_refund_endpoint",
         "test_api::test_post_two_orders")
LIVE = _t("test_api_live::test_live_health", "test_api_live::test_live_quote")
CHECKOUT_SERVICE = _t("test_checkout::test_place_order_charges_total",
                      "test_checkout::test_place_order_with_discount",
                      "test_checkout::test_place_order_german_vat",
                      "test_checkout::test_two_orders_same_customer",
                      "test_checkout::test_refund_partial",
                      "test_checkout::test_refund_full_marks_refunded",
                      "test_checkout::test_refund_exceeding_rejected")
REPOSITORY = _t("test_repository::test_add_and_get_order",
                "test_repository::test_orders_of_customer_sorted",
                "test_repository::test_duplicate_reference_rejected",
                "test_repository::test_discount_code_stored",
                "test_repository::test_quantity_must_be_positive",
                "test_repository::test_refund_recorded", "test_repository::test_set_status")
REPORTS_DB = _t("test_reports::test_summary_of_paid_orders",
                "test_reports::test_summary_largest_order",
                "test_reports::test_summary_empty_range",
                "test_reports::test_export_csv_writes_rows",
                "test_reports::test_export_csv_empty_range")
DB_TESTS = API + LIVE + CHECKOUT_SERVICE + REPOSITORY + REPORTS_DB
EXPORTS = _t("test_reports::test_export_csv_writes_rows",
             "test_reports::test_export_csv_empty_range")
ORDER_WRITES = (REPOSITORY + PLACE + CHECKOUT_SERVICE[4:] +
                _t("test_api::test_get_order_roundtrip", "test_api::test_refund_endpoint",
                   "test_reports::test_summary_of_paid_orders",
                   "test_reports::test_summary_largest_order",
                   "test_reports::test_export_csv_writes_rows"))

SHOP = "shop"
SHOP_CAUSES = [
    Cause("shop-payments-charges-503", SHOP, "upstream_5xx", PAY_CHARGE + BAD_KEY,
          routes={"/v1/charges": {"status": 503}}),
    Cause("shop-payments-refunds-502", SHOP, "upstream_5xx", PAY_REFUND,
          routes={"/v1/refunds": {"status": 502}}),
    Cause("shop-inventory-stock-500", SHOP, "upstream_5xx", INV_STOCK,
          routes={"/stock": {"status": 500}}),
    Cause("shop-payments-charges-slow", SHOP, "slow_upstream", PAY_CHARGE + BAD_KEY,
          routes={"/v1/charges": {"delay": 0.9}}),
    Cause("shop-inventory-reservations-slow", SHOP, "slow_upstream", INV_RESERVE,
          routes={"/reservations": {"delay": 0.9}}),
    Cause("shop-payments-dns-failure", SHOP, "upstream_unreachable",
          PAY_CHARGE + BAD_KEY + PAY_REFUND,
          env={"SHOP_PAYMENTS_URL": "http://payments-{token}.staging.invalid:8443"}),
    Cause("shop-inventory-connection-refused", SHOP, "upstream_unreachable",
          INV_STOCK + INV_RESERVE, env={"SHOP_INVENTORY_URL": "http://127.0.0.1:{closed_port}"}),
    Cause("shop-payments-api-key-revoked", SHOP, "credentials_refused", PAY_CHARGE + PAY_REFUND,
          api_key="pk_rotated_{token}"),
    Cause("shop-db-server-down", SHOP, "database_unavailable", DB_TESTS, weight=0.25,
          hooks=("pg_stop",)),
    Cause("shop-db-too-many-clients", SHOP, "database_unavailable", DB_TESTS, weight=0.25,
          hooks=("pg_exhaust",)),
    Cause("shop-db-discount-column-dropped", SHOP, "schema_drift", ORDER_WRITES, weight=0.35,
          sql=("ALTER TABLE orders DROP COLUMN discount_code",)),
    Cause("shop-db-refunds-migration-missing", SHOP, "schema_drift",
          _t("test_repository::test_refund_recorded", "test_checkout::test_refund_partial",
             "test_checkout::test_refund_full_marks_refunded",
             "test_checkout::test_refund_exceeding_rejected", "test_api::test_refund_endpoint"),
          migrate_upto=4),
    Cause("shop-order-ref-per-customer-day", SHOP, "integrity_violation",
          _t("test_checkout::test_two_orders_same_customer", "test_api::test_post_two_orders"),
          patches=(("shop/service.py",
                    'external_ref or f"WEB-{uuid.uuid4().hex[:10].upper()}"',
                    'external_ref or f"WEB-{customer_id}-{time.strftime(\'%Y%m%d\')}"'),)),
    Cause("shop-api-quantity-key-renamed", SHOP, "integrity_violation",
          _t("test_api::test_post_order_201", "test_api::test_duplicate_ref_409",
             "test_api::test_post_two_orders"),
          patches=(("shop/api.py", 'int(line["quantity"])', 'int(line.get("qty", 0))'),)),
    Cause("shop-httpx-proxies-argument", SHOP, "missing_dependency",
          INV_STOCK + API + LIVE + CHECKOUT_SERVICE, weight=0.3,
          patches=(("shop/inventory.py",
                    "httpx.Client(base_url=base_url, timeout=timeout)",
                    "httpx.Client(base_url=base_url, timeout=timeout,\n"
                    "                                   proxies=os.environ.get('SHOP_PROXY'))"),
                   ("shop/inventory.py", "import logging\n", "import logging\nimport os\n"))),
    Cause("shop-sqlalchemy-engine-execute", SHOP, "missing_dependency",
          _t("test_reports::test_summary_of_paid_orders",
             "test_reports::test_summary_largest_order",
             "test_reports::test_summary_empty_range"),
          patches=(("shop/reports.py", "    sales = repo.sales_between(first_id, last_id)\n",
                    "    sales = [tuple(r) for r in repo.engine.execute(\n"
                    "        \"SELECT external_ref, total_cents FROM orders WHERE id BETWEEN \"\n"
                    "        f\"{first_id} AND {last_id} AND status = 'paid' ORDER BY id\")]\n"),)),
    Cause("shop-flask-escape-import", SHOP, "missing_dependency", API + LIVE,
          patches=(("shop/api.py", "from flask import Flask, jsonify, request",
                    "from flask import Flask, escape, jsonify, request"),)),
    Cause("shop-vat-region-lowercased", SHOP, "product_bug",
          _t("test_pricing::test_vat_per_region[NL-1572]",
             "test_pricing::test_vat_per_region[DE-1546]",
             "test_pricing::test_vat_per_region[FR-1559]",
             "test_pricing::test_vat_per_region[SE-1624]",
             "test_pricing::test_total_rounds_half_up", "test_api::test_quote_endpoint",
             "test_api_live::test_live_quote") + PLACE, weight=0.35,
          patches=(("shop/pricing.py", "rate = VAT_RATES[region]",
                    "rate = VAT_RATES[region.lower()]"),)),
    Cause("shop-summary-tuple-indexed-by-name", SHOP, "product_bug",
          _t("test_reports::test_summary_of_paid_orders",
             "test_reports::test_summary_largest_order"),
          patches=(("shop/reports.py", "key=lambda sale: sale[1]",
                    'key=lambda sale: sale["total_cents"]'),)),
    Cause("shop-api-refund-body-attribute", SHOP, "product_bug",
          _t("test_api::test_refund_endpoint"),
          patches=(("shop/api.py", 'int(body["amount_cents"])', "int(body.amount_cents)"),)),
    Cause("shop-split-evenly-zero-division", SHOP, "product_bug",
          _t("test_pricing::test_split_evenly_adds_up[2-3]"),
          patches=(("shop/pricing.py", "base, rest = divmod(amount_cents, parts)",
                    "base = amount_cents // parts\n    rest = amount_cents % base"),)),
    Cause("shop-discount-rounds-down", SHOP, "wrong_behaviour",
          _t("test_pricing::test_discount_applies_percent[WELCOME10-1169]",
             "test_pricing::test_discount_applies_percent[STAFF50-649]",
             "test_checkout::test_place_order_with_discount"),
          patches=(("shop/pricing.py",
                    "off = (Decimal(amount_cents) * discount.percent / 100).quantize(Decimal(1), "
                    "ROUND_HALF_UP)",
                    "off = (Decimal(amount_cents) * discount.percent / 100).quantize(Decimal(1), "
                    "ROUND_DOWN)"),
                   ("shop/pricing.py", "import ROUND_HALF_UP,",
                    "import ROUND_DOWN, ROUND_HALF_UP,"))),
    Cause("shop-orders-listed-newest-first", SHOP, "wrong_behaviour",
          _t("test_repository::test_orders_of_customer_sorted"),
          patches=(("shop/db.py", "WHERE customer_id = :c ORDER BY id",
                    "WHERE customer_id = :c ORDER BY id DESC"),)),
    Cause("shop-full-refund-keeps-paid-status", SHOP, "wrong_behaviour",
          _t("test_checkout::test_refund_full_marks_refunded", "test_api::test_refund_endpoint"),
          patches=(("shop/service.py", "if already + amount_cents == order.total_cents:",
                    "if already + amount_cents > order.total_cents:"),)),
    Cause("shop-vat-de-reduced-rate", SHOP, "wrong_behaviour",
          _t("test_pricing::test_vat_per_region[DE-1546]",
             "test_checkout::test_place_order_german_vat"),
          patches=(("shop/pricing.py", '"DE": Decimal("0.19")', '"DE": Decimal("0.16")'),)),
    Cause("shop-stock-cache-nested-lock", SHOP, "hang",
          _t("test_checkout::test_stock_cache_reuses_level",
             "test_checkout::test_stock_cache_invalidate"),
          patches=(("shop/service.py",
                    "            if cached is not None:\n                return cached\n",
                    "            if cached is not None:\n                return cached\n"
                    "            self.invalidate(sku)  # drop the expired entry\n"),)),
    Cause("shop-export-waits-for-done-marker", SHOP, "hang", EXPORTS,
          patches=(("shop/reports.py", "    return target\n",
                    "    while not target.with_suffix('.done').exists():  # finance share ack\n"
                    "        time.sleep(0.05)\n    return target\n"),
                   ("shop/reports.py", "import sys\n", "import sys\nimport time\n"))),
    Cause("shop-export-volume-full", SHOP, "infrastructure", EXPORTS,
          env={"SHOP_EXPORT_DIR": "{tmpfs}/exports"}, hooks=("tmpfs_full",)),
    Cause("shop-render-worker-memory-cap", SHOP, "infrastructure",
          _t("test_reports::test_render_invoices[1]", "test_reports::test_render_invoices[3]"),
          env={"SHOP_RENDER_MAX_MB": "64"}),
    Cause("shop-tests-discount-data-renamed", SHOP, "test_harness",
          _t("test_pricing::test_discount_applies_percent[WELCOME10-1169]",
             "test_pricing::test_discount_applies_percent[STAFF50-649]",
             "test_pricing::test_discount_respects_minimum") + API + LIVE + CHECKOUT_SERVICE,
          weight=0.3,
          patches=(("tests/conftest.py", 'DATA / "discount_codes.json"',
                    'DATA / "discounts.json"'),)),
    Cause("shop-tests-fixture-name-typo", SHOP, "test_harness",
          _t("test_checkout::test_place_order_german_vat"),
          patches=(("tests/test_checkout.py",
                    "def test_place_order_german_vat(service, german_customer):\n"
                    "    assert service.place_order(german_customer,",
                    "def test_place_order_german_vat(service, german_custmer):\n"
                    "    assert service.place_order(german_custmer,"),)),
    Cause("shop-tests-export-teardown-archive", SHOP, "test_harness", EXPORTS,
          patches=(("tests/test_reports.py", "    shutil.rmtree(path)\n",
                    "    shutil.rmtree(path / \"archive\")\n    shutil.rmtree(path)\n"),)),
    Cause("shop-inventory-latency-blip", SHOP, "flaky",
          _t("test_inventory::test_availability_is_fast"),
          weight=0.6, routes={"/stock/SKU-3": {"delay": 0.35}}),
    Cause("shop-payments-refund-blip", SHOP, "flaky", _t("test_api::test_refund_endpoint"),
          routes={"/v1/refunds": {"status": 503, "times": 1}}),
    Cause("shop-live-port-in-use", SHOP, "flaky", LIVE, hooks=("hold_live_port",)),
]

# -------------------------------------------------------------- ingest test groups
WH = _t("test_warehouse::test_insert_orders_roundtrip", "test_warehouse::test_daily_totals",
        "test_warehouse::test_channel_breakdown", "test_warehouse::test_shipments_insert",
        "test_warehouse::test_foreign_key_enforced")
PIPE_FEED = _t("test_pipeline::test_pipeline_loads_orders_feed",
               "test_pipeline::test_pipeline_summary_matches_contract",
               "test_pipeline::test_run_all_loads_shipments")
PIPE_WH = PIPE_FEED + _t("test_pipeline::test_pipeline_converts_to_eur",
                         "test_pipeline::test_pipeline_rejects_bad_rows_to_spool",
                         "test_pipeline::test_reject_rate_empty_feed")
RATES = _t("test_rates::test_rate_for_currency[USD-0.92]",
           "test_rates::test_rate_for_currency[GBP-1.17]",
           "test_rates::test_rate_for_currency[SEK-0.087]", "test_rates::test_convert_to_eur")
PIPE_RATES = PIPE_FEED + _t("test_pipeline::test_pipeline_converts_to_eur")
UNKNOWN_CCY = _t("test_rates::test_unknown_currency_raises")
COLLECT_FEEDFORMATS = _t("::tests.test_feeds", "::tests.test_pipeline", "::tests.test_warehouse",
                         "test_contracts::test_empty_report_summary_is_valid")
FEED_ORDERS = _t("test_feeds::test_orders_feed_conforms") + PIPE_FEED

ING = "ingest"
INGEST_CAUSES = [
    Cause("ingest-rates-503", ING, "upstream_5xx", RATES + PIPE_RATES,
          routes={"/rates": {"status": 503}}),
    Cause("ingest-rates-gbp-502", ING, "upstream_5xx",
          _t("test_rates::test_rate_for_currency[GBP-1.17]") + PIPE_RATES,
          routes={"/rates/GBP": {"status": 502}}),
    Cause("ingest-rates-slow", ING, "slow_upstream", RATES + PIPE_RATES + UNKNOWN_CCY,
          routes={"/rates": {"delay": 0.9}}),
    Cause("ingest-rates-connection-refused", ING, "upstream_unreachable", RATES + PIPE_RATES,
          env={"INGEST_RATES_URL": "http://127.0.0.1:{closed_port}"}),
    Cause("ingest-rates-dns-failure", ING, "upstream_unreachable", RATES + PIPE_RATES,
          env={"INGEST_RATES_URL": "http://rates-{token}.internal.invalid"}),
    Cause("ingest-rates-token-rejected", ING, "credentials_refused",
          RATES + PIPE_RATES + UNKNOWN_CCY, routes={"/rates": {"status": 403}}),
    Cause("ingest-warehouse-locked-by-backup", ING, "database_unavailable", WH + PIPE_WH,
          weight=0.3, hooks=("lock_warehouse",)),
    Cause("ingest-warehouse-volume-missing", ING, "database_unavailable", WH + PIPE_WH,
          weight=0.3, env={"INGEST_WAREHOUSE": "/mnt/warehouse-{token}/sales.db"}),
    Cause("ingest-warehouse-channel-column-missing", ING, "schema_drift",
          WH[:4] + PIPE_WH, ddl_edits=(("    customer_id INTEGER,\n    amount_eur TEXT NOT NULL "
                                         "CHECK (CAST(amount_eur AS REAL) >= 0),\n    channel TEXT "
                                         "NOT NULL\n",
                                         "    customer_id INTEGER,\n    amount_eur TEXT NOT NULL "
                                         "CHECK (CAST(amount_eur AS REAL) >= 0)\n"),)),
    Cause("ingest-warehouse-shipments-table-missing", ING, "schema_drift", WH + PIPE_WH,
          weight=0.3, ddl_edits=(("CREATE TABLE shipments", "CREATE TABLE shipments_pending"),)),
    Cause("ingest-warehouse-customer-not-null", ING, "integrity_violation",
          PIPE_FEED + _t("test_pipeline::test_pipeline_converts_to_eur"),
          ddl_edits=(("customer_id INTEGER,", "customer_id INTEGER NOT NULL,"),)),
    Cause("ingest-shipments-loaded-before-orders", ING, "integrity_violation",
          _t("test_pipeline::test_run_all_loads_shipments"),
          patches=(("ingest/pipeline.py",
                    "    report = run_orders(config, rates, warehouse)\n"
                    "    warehouse.insert_shipments(readers.read_shipments(config.feed_dir / "
                    "\"shipments.jsonl\"))\n",
                    "    warehouse.insert_shipments(readers.read_shipments(config.feed_dir / "
                    "\"shipments.jsonl\"))\n"
                    "    report = run_orders(config, rates, warehouse)\n"),)),
    Cause("ingest-feedformats-not-installed", ING, "missing_dependency", COLLECT_FEEDFORMATS,
          feedformats=None),
    Cause("ingest-feedformats-2-renamed-parse-amount", ING, "missing_dependency",
          COLLECT_FEEDFORMATS, feedformats="feedformats-2.0"),
    Cause("ingest-orders-feed-missing-currency", ING, "data_contract", FEED_ORDERS,
          feed="no_currency"),
    Cause("ingest-orders-feed-decimal-comma", ING, "data_contract", FEED_ORDERS,
          feed="decimal_comma"),
    Cause("ingest-shipments-feed-unknown-carrier", ING, "data_contract",
          _t("test_feeds::test_shipments_feed_conforms",
             "test_feeds::test_shipments_reference_known_orders",
             "test_pipeline::test_run_all_loads_shipments"), feed="unknown_carrier"),
    Cause("ingest-summary-total-field-renamed", ING, "data_contract",
          _t("test_pipeline::test_pipeline_summary_matches_contract",
             "test_contracts::test_empty_report_summary_is_valid"),
          patches=(("ingest/pipeline.py", '"total_eur": f"{self.total_eur:.2f}"',
                    '"totalEur": f"{self.total_eur:.2f}"'),)),
    Cause("ingest-daily-totals-excludes-last-day", ING, "wrong_behaviour",
          _t("test_warehouse::test_daily_totals"),
          patches=(("ingest/warehouse.py", "if first_day <= day <= last_day:",
                    "if first_day <= day < last_day:"),)),
    Cause("ingest-conversion-divides-by-rate", ING, "wrong_behaviour",
          _t("test_rates::test_convert_to_eur", "test_pipeline::test_pipeline_converts_to_eur"),
          patches=(("ingest/rates.py", "(amount * self.rate(currency))",
                    "(amount / self.rate(currency))"),)),
    Cause("ingest-rejects-spooled-only-when-majority", ING, "wrong_behaviour",
          _t("test_pipeline::test_pipeline_rejects_bad_rows_to_spool"),
          patches=(("ingest/pipeline.py", "    if rejected:\n",
                    "    if report.rejected > report.loaded:\n"),)),
    Cause("ingest-channel-totals-plain-dict", ING, "product_bug",
          _t("test_warehouse::test_channel_breakdown") + PIPE_WH[:5],
          patches=(("ingest/warehouse.py",
                    "        totals: dict[str, Decimal] = defaultdict(Decimal)\n"
                    "        for channel, amount",
                    "        totals: dict[str, Decimal] = {}\n        for channel, amount"),)),
    Cause("ingest-reject-rate-zero-division", ING, "product_bug",
          _t("test_pipeline::test_reject_rate_empty_feed"),
          patches=(("ingest/pipeline.py", "return self.rejected / seen if seen else 0.0",
                    "return self.rejected / seen"),)),
    Cause("ingest-to-eur-reads-missing-attribute", ING, "product_bug", PIPE_WH[:5],
          patches=(("ingest/pipeline.py", "rates.convert(e.amount, e.currency)",
                    "rates.convert(e.amount_eur, e.currency)"),)),
    Cause("ingest-stream-joins-before-sentinel", ING, "hang",
          _t("test_pipeline::test_stream_batches_complete[10-3]",
             "test_pipeline::test_stream_batches_complete[7-7]",
             "test_pipeline::test_stream_batches_complete[0-4]"),
          patches=(("ingest/pipeline.py", "    handoff.put(None)\n    consumer.join()\n",
                    "    consumer.join()\n    handoff.put(None)\n"),)),
    Cause("ingest-partition-worker-file-size-limit", ING, "infrastructure",
          _t("test_pipeline::test_partitioned_export[2-1500]",
             "test_pipeline::test_partitioned_export[3-2000]"),
          env={"INGEST_WORKER_MAX_FILE_MB": "1"}),
    Cause("ingest-spool-volume-full", ING, "infrastructure",
          _t("test_pipeline::test_pipeline_rejects_bad_rows_to_spool"),
          env={"INGEST_SPOOL_DIR": "{tmpfs}/spool"}, hooks=("tmpfs_full",)),
    Cause("ingest-tests-expected-totals-renamed", ING, "test_harness",
          _t("test_pipeline::test_pipeline_converts_to_eur"),
          patches=(("tests/test_pipeline.py", '"expected_totals.json"',
                    '"expected_totals_2026.json"'),)),
    Cause("ingest-tests-teardown-after-close", ING, "test_harness", WH + PIPE_WH, weight=0.3,
          patches=(("tests/conftest.py", "    yield store\n    store.close()\n",
                    "    yield store\n    store.close()\n    store.clear()\n"),)),
    Cause("ingest-rates-sek-blip", ING, "flaky",
          _t("test_rates::test_rate_for_currency[SEK-0.087]"),
          weight=0.6, routes={"/rates/SEK": {"status": 503, "times": 1}}),
]

# --------------------------------------------------- dataset (pudo/dataset 1.6.2)
PG, LITE = "dataset-postgres", "dataset-sqlite"
DATASET_CAUSES = [
    Cause("dataset-postgres-server-down", PG, "database_unavailable", ("*",), weight=0.3,
          hooks=("pg_stop",)),
    Cause("dataset-postgres-password-rotated", PG, "credentials_refused", ("*",), weight=0.3,
          hooks=("pg_rotate_dataset_password",)),
    Cause("dataset-postgres-too-many-clients", PG, "database_unavailable", ("*",), weight=0.3,
          hooks=("pg_exhaust",)),
    Cause("dataset-postgres-temperature-check-policy", PG, "integrity_violation", ("*",),
          weight=0.4, hooks=("pg_check_policy",)),
    Cause("dataset-sqlite-locked-by-backup", LITE, "database_unavailable", ("*",), weight=0.3,
          hooks=("lock_dataset_sqlite",)),
    Cause("dataset-sqlite-volume-full", LITE, "infrastructure", ("*",), weight=0.4,
          hooks=("dataset_sqlite_on_full_volume",)),
    # these change the shared virtualenv, so they apply to both dataset jobs
    Cause("dataset-sqlalchemy-2-installed", "dataset", "missing_dependency", ("*",), weight=0.3,
          venv="sqlalchemy2"),
    Cause("dataset-banal-not-installed", "dataset", "missing_dependency", ("*",), weight=0.3,
          venv="nobanal"),
]

ALL_CAUSES = SHOP_CAUSES + INGEST_CAUSES + DATASET_CAUSES
