"""The catalogue of root causes of the second corpus and the breakage each one applies.

A cause belongs to one job and declares the test cases it breaks as
"classname::name" keys of the JUnit XML ("::tests.test_x" for a module's
collection error) or "*" (every failure of the job). make_corpus.py runs a
non-overlapping set per night and stops when the failures differ from the
declarations.

Mechanisms: ``env`` (variables of the run; ``{closed_port}`` and ``{token}`` are
filled in), ``faults`` (staging stub behaviour), ``pricing_token``/``notify_token``
(the token the stub accepts), ``patches`` ((file, old, new) edits: the night's
build or test change), ``hooks`` (environment breakages around the run), ``sql``
(statements after the schema is applied), ``schema_upto`` (migrations applied),
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
    pricing_token: str | None = None
    notify_token: str | None = None
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


STORE_DB = _g("test_store", "test_book_computes_total", "test_weekly_discount",
              "test_reference_format", "test_same_guest_two_rooms_same_day",
              "test_duplicate_reference_rejected", "test_bookings_of_guest_in_date_order",
              "test_notes_stored", "test_long_stay_booked", "test_occupied_during_stay",
              "test_payment_recorded", "test_cancel_refunds_payment")
EXPORT = _g("test_cli", "test_export_writes_gzip", "test_export_empty_range")
RENDER = _g("test_cli", "test_render_invoice", "test_render_invoice_two_items")
CHECKOUT_DB = _g("test_checkout", "test_checkout_books_and_pays",
                 "test_checkout_week_discounted", "test_cancel_after_checkout")
DB = STORE_DB + EXPORT + CHECKOUT_DB
QUOTE = _g("test_pricing", "test_quote_by_kind[single]", "test_quote_by_kind[double]",
           "test_quote_by_kind[suite]", "test_quotes_for_several_kinds",
           "test_quotes_concurrent_within_budget")
QUOTE_ALL = QUOTE + CHECKOUT_DB + _g("test_checkout", "test_quote_cached")
SUITE_QUOTES = _g("test_pricing", "test_quote_by_kind[suite]",
                  "test_quotes_concurrent_within_budget") + _g(
    "test_checkout", "test_checkout_week_discounted", "test_quote_cached")
NOTIFY = _g("test_notify", "test_confirmation_returns_message_id",
            "test_reminder_returns_message_id")
CACHE = _g("test_cache", "test_put_then_get", "test_missing_key_is_none",
           "test_get_or_compute_computes_once", "test_expired_entry_is_none",
           "test_concurrent_writers")
PAID = _g("test_store", "test_payment_recorded", "test_cancel_refunds_payment") + _g(
    "test_checkout", "test_checkout_books_and_pays", "test_cancel_after_checkout")
CANCEL = _g("test_store", "test_cancel_refunds_payment") + _g(
    "test_checkout", "test_cancel_after_checkout")
ROOMS = STORE_DB + EXPORT + CHECKOUT_DB

S = "bookings/store.py"
B = "bookings"
ALL_CAUSES: tuple[Cause, ...] = (
    # ----------------------------------------------------------- schema_drift
    Cause("bookings-notes-migration-not-applied", B, "schema_drift",
          DB, schema_upto=2),
    Cause("bookings-payments-table-dropped", B, "schema_drift", PAID,
          sql=("DROP TABLE payments",)),
    # ----------------------------------------------------------- integrity_violation
    Cause("bookings-reference-from-guest-and-day", B, "integrity_violation",
          _g("test_store", "test_same_guest_two_rooms_same_day"),
          patches=((S, 'return f"BK-{uuid.uuid4().hex[:10].upper()}"',
                    'return "BK-" + uuid.uuid5(uuid.NAMESPACE_URL, f"{guest}/{check_in}")'
                    '.hex[:10].upper()'),)),
    Cause("bookings-stay-limit-constraint", B, "integrity_violation",
          _g("test_store", "test_long_stay_booked"),
          sql=("ALTER TABLE bookings ADD CONSTRAINT stay_at_most_ten_nights "
               "CHECK (nights <= 10)",)),
    Cause("bookings-cancel-writes-credit-kind", B, "integrity_violation", CANCEL,
          patches=((S, 'record_payment(session, booking, balance, "refund")',
                    'record_payment(session, booking, balance, "credit")'),
                   (S, 'signs = {"charge": 1, "refund": -1}',
                    'signs = {"charge": 1, "refund": -1, "credit": -1}'))),
    # ----------------------------------------------------------- database_unavailable
    Cause("bookings-db-server-down", B, "database_unavailable", DB, hooks=("pg_stop",)),
    Cause("bookings-db-connection-slots-exhausted", B, "database_unavailable", DB,
          hooks=("pg_exhaust",)),
    Cause("peewee-db-server-down", "peewee-postgres", "database_unavailable", ("*",),
          hooks=("pg_stop",)),
    Cause("peewee-db-connection-slots-exhausted", "peewee-postgres", "database_unavailable",
          ("*",), hooks=("pg_exhaust",)),
    # ----------------------------------------------------------- credentials_refused
    Cause("bookings-db-password-rotated", B, "credentials_refused", DB,
          hooks=("rotate_password",)),
    Cause("bookings-pricing-token-expired", B, "credentials_refused", QUOTE_ALL,
          pricing_token="pt-rotated-{token}"),
    Cause("bookings-notify-token-revoked", B, "credentials_refused", NOTIFY,
          notify_token="nt-revoked-{token}"),
    Cause("peewee-db-password-rotated", "peewee-postgres", "credentials_refused", ("*",),
          hooks=("rotate_password",)),
    # ----------------------------------------------------------- missing_dependency
    Cause("bookings-psycopg-not-installed", B, "missing_dependency", DB, venv="nopsycopg"),
    Cause("bookings-cache-imports-orjson", B, "missing_dependency",
          ("::tests.test_cache", "::tests.test_checkout"),
          patches=(("bookings/cache.py", "import json\n", "import orjson as json\n"),)),
    Cause("peewee-psycopg2-not-installed", "peewee-postgres", "missing_dependency", ("*",),
          venv="nopsycopg2"),
    # ----------------------------------------------------------- slow_upstream
    Cause("bookings-pricing-slow", B, "slow_upstream", QUOTE_ALL,
          faults=({"path": "/v2/quotes/", "delay": 1.0},)),
    Cause("bookings-notify-slow", B, "slow_upstream", NOTIFY,
          faults=({"path": "/messages", "delay": 1.0},)),
    # ----------------------------------------------------------- upstream_5xx
    Cause("bookings-pricing-503", B, "upstream_5xx", QUOTE_ALL,
          faults=({"path": "/v2/quotes/", "status": 503},)),
    Cause("bookings-notify-502", B, "upstream_5xx", NOTIFY,
          faults=({"path": "/messages", "status": 502},)),
    # ----------------------------------------------------------- upstream_unreachable
    Cause("bookings-pricing-port-closed", B, "upstream_unreachable",
          QUOTE_ALL + _g("test_pricing", "test_unknown_kind_rejected"),
          env={"BOOKINGS_PRICING_URL": "http://127.0.0.1:{closed_port}"}),
    Cause("bookings-notify-host-unknown", B, "upstream_unreachable",
          NOTIFY + _g("test_notify", "test_wrong_token_refused"),
          env={"BOOKINGS_NOTIFY_URL": "http://messaging-{token}.staging.invalid"}),
    # ----------------------------------------------------------- data_contract
    Cause("bookings-pricing-fractional-cents", B, "data_contract", SUITE_QUOTES,
          faults=({"path": "/v2/quotes/suite", "body": {"set": {"nightly_cents": 120.5}}},)),
    Cause("bookings-pricing-lowercase-currency", B, "data_contract", QUOTE_ALL,
          faults=({"path": "/v2/quotes/", "body": {"set": {"currency": "eur"}}},)),
    Cause("bookings-pricing-quote-id-renamed", B, "data_contract", QUOTE_ALL,
          faults=({"path": "/v2/quotes/", "body": {"drop": ["quote_id"],
                                                    "set": {"id": "q-renamed"}}},)),
    # ----------------------------------------------------------- hang
    Cause("bookings-cache-put-inside-lock", B, "hang",
          _g("test_cache", "test_get_or_compute_computes_once") +
          _g("test_checkout", "test_quote_cached"),
          patches=(("bookings/cache.py", "                self._write(key, value)\n",
                    "                self.put(key, value)\n"),)),
    Cause("bookings-export-waits-for-wrong-file", B, "hang", EXPORT,
          patches=(("bookings/cli.py", "import subprocess\n", "import subprocess\nimport time\n"),
                   ("bookings/cli.py",
                    '    subprocess.run(["gzip", "-f", str(target)], check=True, '
                    'capture_output=True)\n',
                    '    subprocess.Popen(["gzip", "-f", str(target)])\n'
                    '    while not target.with_suffix(".gz").exists():\n'
                    '        time.sleep(0.05)\n'))),
    # ----------------------------------------------------------- test_harness
    Cause("bookings-tests-rooms-data-renamed", B, "test_harness", ROOMS,
          patches=(("tests/conftest.py", '(DATA / "rooms.json")', '(DATA / "room_list.json")'),)),
    Cause("bookings-tests-fixture-misspelt", B, "test_harness",
          _g("test_notify", "test_reminder_returns_message_id"),
          patches=(("tests/test_notify.py", "def test_reminder_returns_message_id(settings):\n"
                    "    assert notifier(settings)",
                    "def test_reminder_returns_message_id(setting):\n"
                    "    assert notifier(setting)"),)),
    Cause("bookings-tests-cache-teardown-removes-missing-folder", B, "test_harness", CACHE,
          patches=(("tests/test_cache.py", "    yield FileCache(root)\n",
                    "    yield FileCache(root)\n    (root / 'locks').rmdir()\n"),)),
    # ----------------------------------------------------------- product_bug
    Cause("bookings-paid-upper-cases-kind", B, "product_bug", PAID,
          patches=((S, "signs[p.kind] * p.amount_cents",
                    "signs[p.kind.upper()] * p.amount_cents"),)),
    Cause("bookings-quotes-zips-first-result", B, "product_bug",
          _g("test_pricing", "test_quotes_for_several_kinds",
             "test_quotes_concurrent_within_budget"),
          patches=(("bookings/pricing.py", "zip(kinds, found, strict=True)",
                    "zip(kinds, found[0], strict=True)"),)),
    Cause("bookings-render-reads-amount-key", B, "product_bug", RENDER,
          patches=(("bookings/render.py", "{item['cents'] / 100:>10.2f}",
                    "{item['amount'] / 100:>10.2f}"),)),
    # ----------------------------------------------------------- wrong_behaviour
    Cause("bookings-discount-from-six-nights", B, "wrong_behaviour",
          _g("test_store", "test_six_nights_full_price"),
          patches=((S, 'nights >= WEEKLY_DISCOUNT["min_nights"]',
                    'nights >= WEEKLY_DISCOUNT["min_nights"] - 1'),)),
    Cause("bookings-guest-history-newest-first", B, "wrong_behaviour",
          _g("test_store", "test_bookings_of_guest_in_date_order"),
          patches=((S, ".order_by(Booking.check_in)", ".order_by(Booking.check_in.desc())"),)),
    Cause("bookings-cancel-keeps-status", B, "wrong_behaviour", CANCEL,
          patches=((S, '    booking.status = "cancelled"\n', ""),)),
    Cause("bookings-departure-day-occupied", B, "wrong_behaviour",
          _g("test_store", "test_occupied_during_stay"),
          patches=((S, "booking.check_in <= day < departure(booking)",
                    "booking.check_in <= day <= departure(booking)"),)),
    # ----------------------------------------------------------- flaky
    Cause("bookings-pricing-suite-503-once", B, "flaky",
          _g("test_checkout", "test_checkout_week_discounted"),
          faults=({"path": "/v2/quotes/suite", "status": 503, "times": 1},)),
    Cause("bookings-pricing-latency-blip", B, "flaky",
          _g("test_pricing", "test_quotes_concurrent_within_budget"),
          faults=({"path": "/v2/quotes/suite?nights=4", "delay": 0.6, "times": 1},)),
    Cause("bookings-notify-502-once", B, "flaky",
          _g("test_notify", "test_confirmation_returns_message_id"),
          faults=({"path": "/messages", "status": 502, "times": 1},)),
    # ----------------------------------------------------------- infrastructure
    Cause("bookings-export-volume-full", B, "infrastructure", EXPORT,
          hooks=("export_volume_full",)),
    Cause("bookings-cache-volume-read-only", B, "infrastructure",
          CACHE + _g("test_checkout", "test_quote_cached"), hooks=("cache_volume_read_only",)),
)
