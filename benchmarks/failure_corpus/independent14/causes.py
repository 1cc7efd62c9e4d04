"""The catalogue of root causes: what each breaks, its category, and how it is applied.

A cause is applied by make_corpus.py through its fields:

- patches: (file, old text, new text) edits of the night's copy of a code base (tests too);
  a file starting with "site:" is in the installed package, a file ending in "!delete" is removed
- env: CI variables set for the job; sql: statements run as superuser after the migrations;
  migrate_skip / seed: migrations held back, courtroom seed left out
- routes / revoked / partner_down: tonight's behaviour of the partner stand-ins
- portal_defects: defects of the clerk portal's delivery; volume: a volume full, read-only or
  missing; redis_rotated: the cache's password changed under the CI secret; lock: a maintenance
  session holding a table lock during the run; pip: packages removed or swapped in the job's venv

targets are regular expressions over "classname::name" of the test cases the cause breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CATEGORIES = (
    "credentials_refused", "data_contract", "database_unavailable", "flaky", "hang",
    "infrastructure", "integrity_violation", "missing_dependency", "product_bug",
    "schema_drift", "slow_upstream", "test_harness", "upstream_5xx", "upstream_unreachable",
    "wrong_behaviour",
)


@dataclass(frozen=True)
class Cause:
    """One root cause: a distinct breakage of one CI job."""

    name: str
    category: str
    job: str
    targets: tuple[str, ...]
    patches: tuple[tuple[str, str, str], ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    sql: tuple[str, ...] = ()
    migrate_skip: tuple[str, ...] = ()
    seed: bool = True
    routes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    revoked: dict[str, int] = field(default_factory=dict)
    partner_down: tuple[str, ...] = ()
    portal_defects: tuple[str, ...] = ()
    volume: dict[str, str] = field(default_factory=dict)
    redis_rotated: bool = False
    lock: str = ""
    pip: tuple[tuple[str, ...], ...] = ()
    max_nights: int = 9


D = "docketline"
T = "tenacity"
PAY = r"^tests\.test_payments::"
BAR_ONE = r"^tests\.test_bar_registry::test_(lookup|verify)_"
BAR_BATCH = r"^tests\.test_bar_registry::test_batch_"
HEARINGS = (r"^tests\.test_hearings::", r"^tests\.test_export::test_export_booked_hearings$")
FEE_ROWS = (
    r"^tests\.test_cases::test_(fee_payment_is_recorded|receipt_is_recorded_once)$",
    r"^tests\.test_fees::test_brief_fee_is_recorded$",
)
SCHED_AT = (r"^tests\.test_scheduling::test_(first_slot|slot_after|slot_skips|last_slot"
            r"|full_day|holiday_is)")

SERVICE: list[Cause] = [
    # infrastructure
    Cause("archive-volume-full", "infrastructure", D,
          (r"^tests\.test_intake::test_import_", r"^tests\.test_export::"),
          volume={"archive": "full"}),
    Cause("spool-volume-readonly", "infrastructure", D, (r"^tests\.test_export::",),
          volume={"spool": "readonly"}),
    Cause("outbox-volume-not-mounted", "infrastructure", D, (r"^tests\.test_notify::",),
          volume={"outbox": "missing"}, max_nights=1),
    # credentials_refused
    Cause("payments-token-revoked", "credentials_refused", D, (PAY,), revoked={"payments": 401}),
    Cause("bar-registry-token-expired", "credentials_refused", D,
          (r"^tests\.test_bar_registry::",), revoked={"bar": 403}),
    Cause("reports-role-password-rotated", "credentials_refused", D,
          (r"^tests\.test_reports::",),
          sql=("ALTER ROLE docket_reports PASSWORD 'reports-secret-8'",)),
    Cause("redis-password-rotated", "credentials_refused", D,
          (r"^tests\.test_cache::", r"^tests\.test_notify::"), redis_rotated=True),
    # database_unavailable
    Cause("hearings-locked-by-maintenance", "database_unavailable", D, HEARINGS,
          lock="LOCK TABLE hearings IN SHARE MODE"),
    Cause("fee-payments-locked-by-maintenance", "database_unavailable", D, FEE_ROWS,
          lock="LOCK TABLE fee_payments IN SHARE MODE"),
    Cause("reports-replica-down", "database_unavailable", D, (r"^tests\.test_reports::",),
          env={"DOCKETLINE_REPORTS_PORT": "{reports_down}"}),
    Cause("app-role-connection-limit-zero", "database_unavailable", D,
          (r"^tests\.test_(cases|hearings|intake::test_import|reports|export::test_export_booked"
           r"|fees::test_brief_fee)",),
          sql=("ALTER ROLE docket_app CONNECTION LIMIT 0",), max_nights=2),
    # schema_drift
    Cause("hearing-courtroom-migration-not-applied", "schema_drift", D, HEARINGS,
          migrate_skip=("005_hearing_courtroom",)),
    Cause("fee-payments-migration-not-applied", "schema_drift", D, FEE_ROWS,
          migrate_skip=("006_fee_payments",)),
    Cause("parties-bar-number-renamed", "schema_drift", D,
          (r"^tests\.test_cases::test_part(ies|y_role_is_checked)$",),
          sql=("ALTER TABLE parties RENAME COLUMN bar_number TO bar_no",)),
    # integrity_violation
    Cause("docket-sequence-from-min", "integrity_violation", D,
          (r"^tests\.test_cases::test_docket_(numbers|lists)",
           r"^tests\.test_intake::test_import_both_batches$",
           r"^tests\.test_reports::test_filings_per_day$"),
          patches=(("docketline/store.py", "coalesce(max(seq), 0) + 1",
                    "coalesce(min(seq), 0) + 1"),)),
    Cause("party-role-not-written", "integrity_violation", D,
          (r"^tests\.test_cases::test_part(ies|y_role_is_checked)$",),
          patches=(("docketline/store.py",
                    "parties (case_id, name, role, bar_number) VALUES (%s, %s, %s, %s)",
                    "parties (case_id, name, bar_number) VALUES (%s, %s, %s)"),
                   ("docketline/store.py", "(case_id, name, role, bar_number),",
                    "(case_id, name, bar_number),"))),
    Cause("hearing-length-check-added", "integrity_violation", D,
          (r"^tests\.test_hearings::test_trial_day_is_booked$",),
          sql=("ALTER TABLE hearings ADD CONSTRAINT hearing_length CHECK (minutes <= 120)",),
          max_nights=1),
    Cause("courtroom-seed-not-loaded", "integrity_violation", D, HEARINGS, seed=False),
    # missing_dependency
    Cause("pyyaml-not-installed", "missing_dependency", D,
          (r"^tests\.test_fees",), pip=(("uninstall", "PyYAML"),)),
    Cause("urllib3-too-old", "missing_dependency", D,
          (PAY, r"^tests\.test_bar_registry::"), pip=(("install", "urllib3==1.25.11"),)),
    # slow_upstream
    Cause("payments-charges-slow", "slow_upstream", D, (PAY,),
          routes={"payments": {"charge": {"delay": 2.5}}}),
    Cause("bar-lookups-slow", "slow_upstream", D, (BAR_ONE,),
          routes={"bar": {"lookup": {"delay": 2.5}}}),
    Cause("bar-batch-slow", "slow_upstream", D, (BAR_BATCH,),
          routes={"bar": {"batch": {"delay": 2.5}}}),
    # upstream_unreachable
    Cause("payments-gateway-down", "upstream_unreachable", D, (PAY,), partner_down=("payments",)),
    Cause("bar-registry-unknown-host", "upstream_unreachable", D,
          (r"^tests\.test_bar_registry::",),
          env={"DOCKETLINE_BAR_REGISTRY_URL": "http://bar-registry.courts.invalid:8082"}),
    # upstream_5xx
    Cause("payments-refunds-503", "upstream_5xx", D, (r"^tests\.test_payments::test_refund",),
          routes={"payments": {"refund": {"status": 503}}}),
    Cause("payments-balances-500", "upstream_5xx", D,
          (r"^tests\.test_payments::test_(balance_sums_charges|refund_drops_balance)$",),
          routes={"payments": {"balance": {"status": 500}}}),
    Cause("bar-batch-502", "upstream_5xx", D, (BAR_BATCH,),
          routes={"bar": {"batch": {"status": 502}}}),
    # data_contract
    Cause("portal-pages-as-text", "data_contract", D,
          (r"^tests\.test_intake::test_(read_motions|import_motions|import_both)",),
          portal_defects=("pages_as_text",)),
    Cause("portal-filer-missing", "data_contract", D,
          (r"^tests\.test_intake::test_(read_exhibits|import_archives|import_both)",),
          portal_defects=("filer_missing",)),
    Cause("bar-status-values-renamed", "data_contract", D, (BAR_ONE,),
          routes={"bar": {"lookup": {"set": {"status": "IN_GOOD_STANDING"}}}}),
    Cause("payments-receipt-id-dropped", "data_contract", D, (PAY,),
          routes={"payments": {"charge": {"drop": ["receipt_id"]}}}),
    # test_harness
    Cause("clerk-fixture-case-attribute", "test_harness", D,
          (r"^tests\.test_cases::test_(docket_|pages_must)",),
          patches=(("tests/conftest.py", "case_id=case[0], case_number",
                    "case_id=case.id, case_number"),)),
    Cause("holidays-data-file-missing", "test_harness", D, (r"^tests\.test_scheduling",),
          patches=(("tests/data/holidays.json!delete", "", ""),)),
    Cause("time-helper-format", "test_harness", D, (SCHED_AT,),
          patches=(("tests/helpers.py", 'fromisoformat(f"{day}T{hhmm}")',
                    'strptime(f"{day} {hhmm}", "%Y-%m-%d %H:%M:%S")'),)),
    Cause("cache-fixture-teardown-unlink", "test_harness", D,
          (r"^tests\.test_cache::", r"^tests\.test_notify::"),
          patches=(("tests/conftest.py", "r.delete(key)", "r.unlink(key, missing_ok=True)"),)),
    # product_bug
    Cause("late-surcharge-float-rate", "product_bug", D,
          (r"^tests\.test_fees::test_late_surcharge_",),
          patches=(("docketline/fees.py",
                    'rate = Decimal(schedule()["late_surcharge_percent"]) / 100',
                    'rate = schedule()["late_surcharge_percent"] / 100'),)),
    Cause("weekday-codes-without-friday", "product_bug", D,
          (r"^tests\.test_scheduling::test_weekday_codes$",
           r"^tests\.test_export::test_export_booked_hearings$"),
          patches=(("docketline/scheduling.py", '3: "THU", 4: "FRI", ', '3: "THU", '),)),
    Cause("attachments-none-unchecked", "product_bug", D,
          (r"^tests\.test_intake::test_(read_|import_)",),
          patches=(("docketline/intake.py",
                    "tuple(attachments) if attachments is not None else ()",
                    "tuple(attachments)"),)),
    Cause("verify-many-subscripts-attorney", "product_bug", D,
          (r"^tests\.test_bar_registry::test_verify_many",),
          patches=(("docketline/partners.py", "{a.bar_number: a.status",
                    '{a["bar_number"]: a.status'),)),
    # wrong_behaviour
    Cause("fee-rounding-down", "wrong_behaviour", D,
          (r"^tests\.test_fees::test_late_surcharge_rounds_half_up$",),
          patches=(("docketline/fees.py", "amount.quantize(CENT, rounding=ROUND_HALF_UP)",
                    "amount.quantize(CENT, rounding=ROUND_DOWN)"),
                   ("docketline/fees.py", "import ROUND_HALF_UP,",
                    "import ROUND_DOWN, ROUND_HALF_UP,"))),
    Cause("lunch-break-not-kept", "wrong_behaviour", D,
          (r"^tests\.test_scheduling::test_(slot_skips_lunch|last_slot_of_the_day)",),
          patches=(("docketline/scheduling.py", "if not _overlaps(slot, lunch) and not any",
                    "if not any"),)),
    Cause("docket-newest-first", "wrong_behaviour", D,
          (r"^tests\.test_cases::test_(docket_lists|two_sessions)",
           r"^tests\.test_intake::test_import_(motions|both)"),
          patches=(("docketline/store.py", "ORDER BY seq ASC", "ORDER BY seq DESC"),)),
    Cause("page-allowance-off-by-one", "wrong_behaviour", D,
          (r"^tests\.test_fees::test_filing_fee\[(BRIEF|ORDER)",
           r"^tests\.test_fees::test_late_surcharge_rounds_half_up$",
           r"^tests\.test_fees::test_brief_fee_is_recorded$"),
          patches=(("docketline/fees.py", 'pages - int(sch["page_allowance"]))',
                    'pages - int(sch["page_allowance"]) + 1)'),)),
    # hang
    Cause("slot-search-stays-on-day", "hang", D,
          (r"^tests\.test_scheduling::test_(too_long_a_hearing|full_day_moves)",),
          patches=(("docketline/scheduling.py", "for _ in range(search_days):", "while True:"),
                   ("docketline/scheduling.py",
                    "day = next_court_day(day + dt.timedelta(days=1), hol)",
                    "day = next_court_day(day, hol)"))),
    Cause("outbox-idle-never-signalled", "hang", D, (r"^tests\.test_notify::",),
          patches=(("docketline/notify.py", "self.idle.set()\n                        continue",
                    "continue"),
                   ("docketline/notify.py", "self.idle.wait(timeout)", "self.idle.wait()"))),
    # flaky
    Cause("payments-charge-503-once", "flaky", D, (PAY,),
          routes={"payments": {"charge": {"status": 503, "once": True}}}),
    Cause("bar-lookup-stall-once", "flaky", D, (BAR_ONE,),
          routes={"bar": {"lookup": {"delay": 2.5, "once": True}}}),
    Cause("bar-batch-reset-once", "flaky", D, (BAR_BATCH,),
          routes={"bar": {"batch": {"reset": True, "once": True}}}),
]

STOP_COUNTS = (
    r"^tests\.test_asyncio\.TestContextManager::test_(do_max_attempts|sleeps)$",
    r"^tests\.test_(asyncio|tenacity)\.TestDecoratorWrapper::test_retry_function_attributes$",
    r"^tests\.test_tenacity\.TestStopConditions::test_stop_(after_attempt|all|and|any|or)$",
    r"^tests\.test_tenacity\.TestWaitConditions::test_wait_chain_multiple_invocations$",
    r"^tests\.test_tenacity\.TestRetryConditions::test_retry_try_again_forever",
    r"^tests\.test_tenacity\.TestDecoratorWrapper::test_with_stop_on_return_value$",
    r"^tests\.test_tenacity\.TestRetryWith::test_retry_error_callback_should_be_preserved$",
    r"^tests\.test_tenacity\.TestReraiseExceptions::test_reraise_(by_default|from_retry_error"
    r"|no_exception|timeout_from_retry_error)$",
    r"^tests\.test_tenacity\.TestStatistics::test_stats_failing$",
    r"^tests\.test_tenacity\.TestRetryErrorCallback::test_retry_error_callback$",
    r"^tests\.test_tenacity\.TestInvokeAsCallable::test_(retry_error|reraise)$",
    r"^tests\.test_tenacity\.TestMockingSleep::test_decorated",
)
IO_COUNTER = (
    r"^tests\.test_asyncio\.TestAsyncio::test_(attempt_number_is_correct|retry$"
    r"|retry_using_async|stop_after_attempt)",
    r"^tests\.test_asyncio\.TestContextManager::test_async_retying_iterator$",
    r"^tests\.test_(asyncio|tenacity)\.TestDecoratorWrapper::test_retry_function_attributes$",
    r"^tests\.test_tenacity\.TestDecoratorWrapper::test_(retry_except_exception_of_type"
    r"|retry_if_exception_of_type|with_stop_on_exception)$",
    r"^tests\.test_tenacity\.TestBeforeAfterAttempts::test_before_sleep_log_raises",
    r"^tests\.test_tornado\.TestTornado::test_(retry|stop_after_attempt)$",
)

TENACITY: list[Cause] = [
    Cause("tornado-not-installed", "missing_dependency", T, (r"^tests\.test_tornado",),
          pip=(("uninstall", "tornado"),)),
    Cause("typeguard-not-installed", "missing_dependency", T,
          (r"::test_retry_type_annotations$",), pip=(("uninstall", "typeguard"),)),
    Cause("typeguard-too-old", "missing_dependency", T, (r"::test_retry_type_annotations$",),
          pip=(("install", "typeguard==2.13.3"),), max_nights=1),
    Cause("stop-after-attempt-off-by-one", "wrong_behaviour", T, STOP_COUNTS,
          patches=(("site:tenacity/stop.py",
                    "retry_state.attempt_number >= self.max_attempt_number",
                    "retry_state.attempt_number > self.max_attempt_number"),)),
    Cause("wait-exponential-min-ignored", "wrong_behaviour", T,
          (r"^tests\.test_tenacity\.TestWaitConditions::test_(exponential_with_min_wait"
           r"|wait_random_exponential$)",),
          patches=(("site:tenacity/wait.py", "return max(max(0, self.min), min(result, self.max))",
                    "return max(0, min(result, self.max))"),)),
    Cause("callback-name-line-number", "product_bug", T,
          (r"^tests\.test_tenacity\.TestBeforeAfterAttempts::test_before_sleep_log_",),
          patches=(("site:tenacity/_utils.py", "segments.append(cb.__qualname__)",
                    "segments.append(cb.__qualname__ + cb.__code__.co_firstlineno)"),)),
    Cause("wait-chain-unbounded-index", "product_bug", T,
          (r"^tests\.test_tenacity\.TestWaitConditions::test_wait_chain",),
          patches=(("site:tenacity/wait.py",
                    "min(max(retry_state.attempt_number, 1), len(self.strategies))",
                    "max(retry_state.attempt_number, 1)"),)),
    Cause("counter-helper-reads-unset-count", "test_harness", T, IO_COUNTER,
          patches=(("tests/test_tenacity.py",
                    "def __init__(self, count):\n        self.counter = 0\n"
                    "        self.count = count\n\n    def go(self):\n"
                    "        \"\"\"Raise an IOError until",
                    "def __init__(self, count):\n        self.counter = self.count\n"
                    "        self.count = count\n\n    def go(self):\n"
                    "        \"\"\"Raise an IOError until"),)),
    Cause("asynctest-running-loop", "test_harness", T, (r"^tests\.test_asyncio\.",),
          patches=(("tests/test_asyncio.py", "loop = asyncio.get_event_loop()",
                    "loop = asyncio.get_event_loop_policy().get_running_loop()"),)),
]

CAUSES: list[Cause] = SERVICE + TENACITY


def by_name(name: str) -> Cause:
    """The cause called `name`."""
    for cause in CAUSES:
        if cause.name == name:
            return cause
    raise KeyError(name)
