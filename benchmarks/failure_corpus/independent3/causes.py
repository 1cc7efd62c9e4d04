"""The catalogue of root causes of the third corpus and the breakage each one applies.

A cause belongs to one job and declares the test cases it breaks as
"classname::name" keys of the JUnit XML ("::tests.test_x" for a module's
collection error) or "*" (every failure of the job). make_corpus.py runs a
non-overlapping set per night and stops when the failures differ from the
declarations.

Mechanisms: ``env`` (variables of the run; ``{closed_port}`` and ``{token}`` are
filled in), ``faults`` (supplier stub behaviour), ``supplier_key``/``reorder_key``
(the keys the stub accepts), ``patches`` ((file, old, new) edits: the night's build
or test change), ``hooks`` (environment breakages around the run), ``sql``
(statements after the schema is applied), ``schema_upto`` (schema files applied),
``venv`` (the virtualenv the job runs in).
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
    env: dict[str, str] = field(default_factory=dict)
    faults: tuple[dict, ...] = ()
    supplier_key: str | None = None
    reorder_key: str | None = None
    patches: tuple[tuple[str, str, str], ...] = ()
    hooks: tuple[str, ...] = ()
    sql: tuple[str, ...] = ()
    schema_upto: int | None = None
    venv: str | None = None

    @property
    def flaky(self) -> bool:
        return self.category == "flaky"


def _g(module: str, *names: str) -> tuple[str, ...]:
    return tuple(f"tests.{module}::{name}" for name in names)


STOCKED = _g("test_store", "test_ship_reduces_stock", "test_ship_more_than_on_hand_refused",
             "test_adjust_down_recorded_with_reason", "test_adjust_up", "test_valuation",
             "test_below_reorder_point") + _g(
    "test_reorders", "test_plan_queues_low_items") + _g(
    "test_archive", "test_spool_writes_csv", "test_upload_and_download_roundtrip") + _g(
    "test_report", "test_report_text", "test_report_json") + _g(
    "test_replenish", "test_plan_and_place")
MOVES = STOCKED + _g("test_store", "test_receive_then_on_hand", "test_history_in_order",
                     "test_reorder_point_boundary")
DB = MOVES + _g("test_store", "test_add_item_assigns_sku", "test_two_items_same_name") + _g(
    "test_archive", "test_keys_listed") + _g("test_report", "test_report_empty")
LEVELS = _g("test_levels", "test_put_then_get", "test_missing_is_none", "test_invalidate",
            "test_ttl_set", "test_get_or_load_loads_once")
QUEUE = _g("test_reorders", "test_enqueue_take_fifo", "test_take_waits_for_item",
           "test_drain_empty", "test_plan_queues_low_items")
REDIS = LEVELS + QUEUE + _g("test_replenish", "test_plan_and_place", "test_nothing_to_place")
PRICES = _g("test_supplier", "test_price_list_by_category[fasteners]",
            "test_price_list_by_category[power-tools]", "test_price_list_currency")
REORDERS = _g("test_supplier", "test_reorder_ack", "test_reorders_concurrent_within_budget") + _g(
    "test_replenish", "test_plan_and_place")
SUPPLIER = PRICES + REORDERS
S3 = _g("test_archive", "test_upload_and_download_roundtrip", "test_keys_listed")
SPOOL = _g("test_archive", "test_spool_writes_csv") + S3
HISTORY = _g("test_store", "test_adjust_down_recorded_with_reason", "test_history_in_order")

L = "ledger"
R = "redis-py"
ST = "ledger/store.py"
ALL_CAUSES: tuple[Cause, ...] = (
    # ----------------------------------------------------------- schema_drift
    Cause("ledger-reason-column-not-migrated", L, "schema_drift", MOVES, schema_upto=2),
    Cause("ledger-items-table-renamed", L, "schema_drift", DB,
          sql=("ALTER TABLE items RENAME TO catalogue_items",)),
    # ----------------------------------------------------------- integrity_violation
    Cause("ledger-sku-derived-from-name", L, "integrity_violation",
          _g("test_store", "test_two_items_same_name"),
          patches=((ST, 'return f"SKU-{uuid.uuid4().hex[:8].upper()}"',
                    'return f"SKU-{uuid.uuid5(uuid.NAMESPACE_OID, name).hex[:8].upper()}"'),)),
    Cause("ledger-negative-adjustment-quantity", L, "integrity_violation",
          _g("test_store", "test_adjust_down_recorded_with_reason"),
          patches=((ST, '    if delta < 0:\n        return record(conn, sku, "shipment", '
                        '-delta, reason)\n', ''),)),
    Cause("ledger-movement-approval-trigger", L, "integrity_violation", STOCKED,
          sql=("CREATE TRIGGER movement_approval BEFORE INSERT ON movements "
               "WHEN NEW.qty > 40 BEGIN SELECT RAISE(ABORT, "
               "'movements above 40 units need an approval id'); END",)),
    # ----------------------------------------------------------- database_unavailable
    Cause("ledger-redis-down", L, "database_unavailable", REDIS, hooks=("redis_stop",)),
    Cause("ledger-redis-client-slots-exhausted", L, "database_unavailable", REDIS,
          hooks=("redis_max_clients",)),
    Cause("ledger-database-volume-not-mounted", L, "database_unavailable", DB,
          env={"LEDGER_DATABASE": "/srv/ledger-{token}/ledger.db"}),
    Cause("ledger-database-locked-by-data-fix", L, "database_unavailable", DB,
          hooks=("sqlite_exclusive_lock",)),
    Cause("redis-py-server-down", R, "database_unavailable", ("*",), hooks=("redis_stop",)),
    Cause("redis-py-client-slots-exhausted", R, "database_unavailable", ("*",),
          hooks=("redis_max_clients",)),
    # ----------------------------------------------------------- credentials_refused
    Cause("ledger-redis-auth-enabled", L, "credentials_refused", REDIS,
          hooks=("redis_requirepass",)),
    Cause("redis-py-auth-enabled", R, "credentials_refused", ("*",),
          hooks=("redis_requirepass",)),
    Cause("ledger-supplier-key-rotated", L, "credentials_refused", SUPPLIER,
          supplier_key="sk-rotated-{token}"),
    Cause("ledger-supplier-reorder-scope-revoked", L, "credentials_refused", REORDERS,
          reorder_key="sk-reorders-{token}"),
    # ----------------------------------------------------------- missing_dependency
    Cause("ledger-cattrs-not-installed", L, "missing_dependency",
          ("::tests.test_replenish", "::tests.test_reorders") + PRICES + _g(
              "test_supplier", "test_reorder_ack", "test_reorders_concurrent_within_budget"),
          venv="nocattrs"),
    Cause("ledger-urllib3-1-26-installed", L, "missing_dependency", SUPPLIER,
          venv="urllib3v1"),
    # ----------------------------------------------------------- product_bug
    Cause("ledger-valuation-lower-cased-sku", L, "product_bug", _g("test_store", "test_valuation"),
          patches=((ST, "return sum(on_hand(conn, sku) * cents for sku, cents in prices.items())",
                    "return sum(on_hand(conn, sku) * prices[sku.lower()] for sku in prices)"),)),
    Cause("ledger-history-row-not-a-mapping", L, "product_bug", HISTORY,
          patches=((ST, '"SELECT id, sku, kind, qty, at, reason FROM movements WHERE sku = ? "',
                    '"SELECT m.*, i.name FROM movements m JOIN items i USING (sku) '
                    'WHERE sku = ? "'),)),
    Cause("ledger-report-child-reads-unit-price", L, "product_bug",
          _g("test_report", "test_report_text", "test_report_json"),
          patches=(("ledger/report.py", 'on_hand(conn, row["sku"]) * row["unit_cents"]}',
                    'on_hand(conn, row["sku"]) * row["unit_price"]}'),)),
    # ----------------------------------------------------------- wrong_behaviour
    Cause("ledger-reorder-point-inclusive", L, "wrong_behaviour",
          _g("test_store", "test_reorder_point_boundary"),
          patches=((ST, 'on_hand(conn, row["sku"]) < row["reorder_point"]]',
                    'on_hand(conn, row["sku"]) <= row["reorder_point"]]'),)),
    Cause("ledger-history-newest-first", L, "wrong_behaviour", HISTORY,
          patches=((ST, '"ORDER BY at, id"', '"ORDER BY at DESC, id DESC"'),)),
    Cause("ledger-reorder-ignores-stock-on-hand", L, "wrong_behaviour",
          _g("test_reorders", "test_plan_queues_low_items"),
          patches=(("ledger/replenish.py", "point + batch - on_hand(conn, sku)",
                    "point + batch"),)),
    Cause("ledger-level-ttl-in-days", L, "wrong_behaviour", _g("test_levels", "test_ttl_set"),
          patches=(("ledger/levels.py", "ex=self.ttl)", "ex=self.ttl * 86400)"),)),
    # ----------------------------------------------------------- data_contract
    Cause("ledger-prices-as-decimal-strings", L, "data_contract", PRICES,
          faults=({"path": "/v2/price-lists/", "body": {"prices": {"unit_cents": "12.50"}}},)),
    Cause("ledger-prices-lower-case-currency", L, "data_contract", PRICES,
          faults=({"path": "/v2/price-lists/", "body": {"prices": {"currency": "eur"}}},)),
    Cause("ledger-reorder-ack-renamed-order-id", L, "data_contract", REORDERS,
          faults=({"path": "/v2/reorders", "body": {"rename": {"order_id": "po_number"}}},)),
    # ----------------------------------------------------------- hang
    Cause("ledger-drain-peeks-instead-of-pops", L, "hang",
          _g("test_reorders", "test_plan_queues_low_items") + _g(
              "test_replenish", "test_plan_and_place"),
          patches=(("ledger/reorders.py", "item = take(client, wait=0)",
                    "item = json.loads(client.lindex(QUEUE, -1))"),)),
    Cause("ledger-level-put-takes-guard", L, "hang",
          _g("test_levels", "test_get_or_load_loads_once"),
          patches=(("ledger/levels.py",
                    '    def put(self, sku: str, level: int) -> None:\n        self._call(',
                    '    def put(self, sku: str, level: int) -> None:\n        with self._guard:'
                    '\n            self._call('),)),
    # ----------------------------------------------------------- slow_upstream
    Cause("ledger-price-lists-slow", L, "slow_upstream", PRICES,
          faults=({"path": "/v2/price-lists/", "delay": 1.0},)),
    Cause("ledger-reorders-slow", L, "slow_upstream", REORDERS,
          faults=({"path": "/v2/reorders", "delay": 1.0},)),
    # ----------------------------------------------------------- upstream_5xx
    Cause("ledger-price-lists-503", L, "upstream_5xx", PRICES,
          faults=({"path": "/v2/price-lists/", "status": 503},)),
    Cause("ledger-reorders-500", L, "upstream_5xx", REORDERS,
          faults=({"path": "/v2/reorders", "status": 500},)),
    # ----------------------------------------------------------- upstream_unreachable
    Cause("ledger-supplier-host-unknown", L, "upstream_unreachable", SUPPLIER,
          env={"LEDGER_SUPPLIER_URL": "http://supplier-{token}.staging.invalid"}),
    Cause("ledger-object-store-port-closed", L, "upstream_unreachable", S3,
          env={"LEDGER_S3_ENDPOINT": "http://127.0.0.1:{closed_port}"}),
    # ----------------------------------------------------------- test_harness
    Cause("ledger-tests-catalogue-renamed", L, "test_harness", STOCKED,
          patches=(("tests/conftest.py", '(DATA / "catalogue.json")',
                    '(DATA / "catalog.json")'),)),
    Cause("ledger-tests-misspelt-fixture", L, "test_harness",
          _g("test_levels", "test_invalidate"),
          patches=(("tests/test_levels.py", "def test_invalidate(rclient):\n    cache = "
                    "LevelCache(rclient)", "def test_invalidate(redis_client):\n    cache = "
                    "LevelCache(redis_client)"),)),
    Cause("ledger-tests-queue-teardown-typo", L, "test_harness", QUEUE,
          patches=(("tests/test_reorders.py", "rclient.delete(reorders.QUEUE)",
                    "rclient.delete(reorders.QUEUE_KEY)"),)),
    # ----------------------------------------------------------- flaky
    Cause("ledger-price-list-503-once", L, "flaky",
          _g("test_supplier", "test_price_list_by_category[fasteners]"),
          faults=({"path": "/v2/price-lists/fasteners", "status": 503, "times": 1},)),
    Cause("ledger-price-list-slow-once", L, "flaky",
          _g("test_supplier", "test_price_list_by_category[power-tools]"),
          faults=({"path": "/v2/price-lists/power-tools", "delay": 0.8, "times": 1},)),
    Cause("ledger-reorder-slow-once", L, "flaky", _g("test_replenish", "test_plan_and_place"),
          faults=({"path": "/v2/reorders", "delay": 0.8, "times": 1},)),
    # ----------------------------------------------------------- infrastructure
    Cause("ledger-spool-volume-full", L, "infrastructure", SPOOL,
          hooks=("spool_volume_full",)),
    Cause("ledger-redis-out-of-memory", L, "infrastructure",
          _g("test_levels", "test_put_then_get", "test_invalidate", "test_ttl_set",
             "test_get_or_load_loads_once") + _g(
              "test_reorders", "test_enqueue_take_fifo", "test_take_waits_for_item",
              "test_plan_queues_low_items") + _g("test_replenish", "test_plan_and_place"),
          hooks=("redis_maxmemory",)),
    Cause("ledger-database-volume-read-only", L, "infrastructure", DB,
          hooks=("database_volume_read_only",)),
    Cause("redis-py-out-of-memory", R, "infrastructure", ("*",), hooks=("redis_maxmemory",)),
)
