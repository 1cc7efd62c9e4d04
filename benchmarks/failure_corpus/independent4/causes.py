"""The catalogue of root causes of the fourth corpus and the breakage each one applies.

A cause belongs to one job and declares the test cases it breaks as
"classname::name" keys of the JUnit XML ("::tests.test_x" for a module's
collection error) or "*" (every failure of the job). make_corpus.py runs a
non-overlapping set per night and stops when the failures differ from the
declarations.

Mechanisms: ``env`` (variables of the run; ``{closed_port}`` and ``{token}`` are
filled in), ``faults`` (partner stub behaviour), ``keys`` (credentials the stub
accepts instead of the job's), ``forbid`` (stub paths the credential lacks the scope
for), ``patches`` ((file, old, new) edits: the night's build or test change),
``hooks`` (environment breakages around the run), ``sql`` (statements run by the
DBA after the migrations), ``migrations_upto`` (migrations applied), ``feed``
(edits of the night's referral feed), ``venv`` (the virtualenv the job runs in),
``fsize`` (a file-size limit on the job's processes, in bytes).
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
    keys: dict[str, str] = field(default_factory=dict)
    forbid: tuple[str, ...] = ()
    patches: tuple[tuple[str, str, str], ...] = ()
    hooks: tuple[str, ...] = ()
    sql: tuple[str, ...] = ()
    migrations_upto: int | None = None
    feed: dict[str, str] = field(default_factory=dict)
    venv: str | None = None
    fsize: int | None = None

    @property
    def flaky(self) -> bool:
        return self.category == "flaky"


def _g(module: str, *names: str) -> tuple[str, ...]:
    return tuple(f"tests.{module}::{name}" for name in names)


FEES = _g("test_billing", *(f"test_fee_and_tax_match_schedule[{p}]" for p in (
    "CONS-15-general", "CONS-30-cardiology", "ECG-12-cardiology", "VAC-FLU-general",
    "DERM-LAS-dermatology")))
APPT_NO_BOOKING = _g("test_appointments", "test_patient_gets_record_number",
                     "test_self_pay_patient_without_insurer", "test_no_show_rate_new_clinician")
APPT_BOOKING = _g("test_appointments", "test_book_and_schedule", "test_two_appointments_same_day",
                  "test_schedule_in_time_order", "test_long_procedure_booked",
                  "test_front_desk_form", "test_zero_minutes_refused", "test_first_slot_of_day",
                  "test_no_show_rate", "test_booked_minutes_over_a_week")
INVOICES = _g("test_invoices", "test_invoice_for_consultation", "test_cancelling_voids_invoice",
              "test_patient_owes_copay_and_tax")
LABS = _g("test_labs", "test_results_by_department[haematology]",
          "test_results_by_department[cardiology]", "test_abnormal_flagged", "test_chart_summary",
          "test_import_results")
EXPORT_DB = _g("test_export", "test_export_day", "test_loader_waits_for_marker",
               "test_summary_meets_reporting_contract")
EXPORT = EXPORT_DB + _g("test_export", "test_visit_archive")
API = _g("test_api", "test_health", "test_schedule_over_http")
DB = APPT_NO_BOOKING + APPT_BOOKING + INVOICES + LABS + EXPORT_DB + API
INSURER = _g("test_insurer", "test_eligibility[A123456789]", "test_eligibility[T987654321]",
             "test_eligibility_copay_percent", "test_submit_claim",
             "test_claims_of_a_day_within_budget")
CLAIMS = _g("test_insurer", "test_submit_claim", "test_claims_of_a_day_within_budget")
NOTIFY = _g("test_notify", "test_send_reminder", "test_send_batch",
            "test_status_lookups_within_budget", "test_delivery_status")
OUTBOX = _g("test_outbox", "test_enqueue_and_pending", "test_mark_sent",
            "test_dispatch_sends_everything")
REFERRALS = _g("test_referrals", "test_feed_accepted", "test_rejected_rows_quarantined",
               "test_triage_emergencies_first")
CACHE = _g("test_cache", "test_loads_once", "test_concurrent_loaders_share_result",
           "test_invalidate_reloads")
LETTERS = _g("test_letters", "test_letter_rendered", "test_letter_for_long_procedure")

PG8000_F2 = tuple(f"test.dbapi.test_query::{n}" for n in (
    "test_parallel_queries", "test_row_count_update", "test_executemany_setinputsizes")) + tuple(
    f"test.dbapi.test_dbapi::{n}" for n in (
        "test_parallel_queries", "test_qmark", "test_numeric", "test_named", "test_format",
        "test_pyformat", "test_arraysize", "test_row_count", "test_fetch_many",
        "test_iterator"))

C = "clinic"
P = "pg8000"
AP = "clinic/appointments.py"
BI = "clinic/billing.py"
LB = "clinic/labs.py"
CF = "tests/conftest.py"
ALL_CAUSES: tuple[Cause, ...] = (
    # ----------------------------------------------------------- schema_drift
    Cause("clinic-copay-column-dropped", C, "schema_drift",
          tuple(t for t in APPT_BOOKING) + INVOICES + _g(
              "test_export", "test_export_day", "test_summary_meets_reporting_contract") + _g(
              "test_api", "test_schedule_over_http"),
          sql=("ALTER TABLE appointments DROP COLUMN copay_cents",)),
    Cause("clinic-invoices-migration-not-applied", C, "schema_drift", INVOICES,
          migrations_upto=3),
    Cause("clinic-lab-results-table-renamed", C, "schema_drift",
          _g("test_labs", "test_import_results"),
          sql=("ALTER TABLE lab_results RENAME TO lab_observations",)),
    # ----------------------------------------------------------- integrity_violation
    Cause("clinic-ref-derived-from-patient-and-day", C, "integrity_violation",
          _g("test_appointments", "test_two_appointments_same_day",
             "test_schedule_in_time_order", "test_first_slot_of_day", "test_no_show_rate",
             "test_booked_minutes_over_a_week") + _g("test_export", "test_export_day"),
          patches=((AP, 'return f"APT-{uuid.uuid4().hex[:12].upper()}"',
                    'return f"APT-{patient_id}-{starts_at:%Y%m%d}"'),)),
    Cause("clinic-front-desk-reads-duration", C, "integrity_violation",
          _g("test_appointments", "test_front_desk_form"),
          patches=((AP, 'int(request.get("minutes", 0))', 'int(request.get("duration", 0))'),)),
    Cause("clinic-insurer-number-required", C, "integrity_violation",
          _g("test_appointments", "test_patient_gets_record_number",
             "test_self_pay_patient_without_insurer") + LABS,
          sql=("ALTER TABLE patients ALTER COLUMN insurer_number SET NOT NULL",)),
    Cause("clinic-lab-import-keyed-by-lab-number", C, "integrity_violation",
          _g("test_labs", "test_import_results"),
          patches=((LB, "(ids[result.mrn], result.analyte", "(result.lab_patient_no, "
                    "result.analyte"),)),
    Cause("clinic-one-hour-limit-constraint", C, "integrity_violation",
          _g("test_appointments", "test_long_procedure_booked"),
          sql=("ALTER TABLE appointments ADD CONSTRAINT appointments_at_most_one_hour "
               "CHECK (minutes <= 60)",)),
    Cause("pg8000-quality-trigger-bounds-f2", P, "integrity_violation", PG8000_F2,
          hooks=("pg_quality_event_trigger",)),
    # ----------------------------------------------------------- database_unavailable
    Cause("clinic-postgres-down", C, "database_unavailable", DB, hooks=("pg_stop",)),
    Cause("clinic-connection-slots-taken", C, "database_unavailable", DB,
          hooks=("pg_slots_taken",)),
    Cause("clinic-appointments-locked-by-maintenance", C, "database_unavailable", DB,
          hooks=("appointments_locked_by_maintenance",)),
    Cause("clinic-outbox-locked-by-backup", C, "database_unavailable", OUTBOX,
          hooks=("outbox_locked_by_backup",)),
    Cause("clinic-outbox-volume-not-mounted", C, "database_unavailable", OUTBOX,
          env={"CLINIC_OUTBOX": "/srv/outbox-{token}/reminders.db"}),
    Cause("pg8000-server-down", P, "database_unavailable", ("*",), hooks=("pg_stop",)),
    Cause("pg8000-connection-slots-taken", P, "database_unavailable", ("*",),
          hooks=("pg_slots_taken",)),
    # ----------------------------------------------------------- credentials_refused
    Cause("clinic-db-password-rotated", C, "credentials_refused", DB,
          hooks=("pg_app_password_rotated",)),
    Cause("clinic-insurer-key-rotated", C, "credentials_refused", INSURER,
          keys={"insurer_key": "ins-rotated-{token}"}),
    Cause("clinic-lab-token-scope-revoked", C, "credentials_refused", LABS,
          forbid=("/lab/v1/results/",)),
    Cause("clinic-notify-token-rotated", C, "credentials_refused", NOTIFY,
          keys={"notify_token": "ntf-rotated-{token}"}),
    Cause("pg8000-password-rotated", P, "credentials_refused", ("*",),
          hooks=("pg_superuser_password_rotated",)),
    # ----------------------------------------------------------- missing_dependency
    Cause("clinic-medcodes-not-installed", C, "missing_dependency",
          ("::tests.test_billing", "::tests.test_invoices"), venv="nomedcodes"),
    Cause("clinic-medcodes-2-renamed-fee-cents", C, "missing_dependency",
          ("::tests.test_billing", "::tests.test_invoices"), venv="medcodes2"),
    Cause("clinic-jsonschema-3-installed", C, "missing_dependency",
          ("::tests.test_referrals", "::tests.test_export"), venv="jsonschema3"),
    Cause("clinic-pydantic-1-installed", C, "missing_dependency", LABS, venv="pydantic1"),
    Cause("pg8000-scramp-1-2-installed", P, "missing_dependency", ("*",), venv="scramp12"),
    # ----------------------------------------------------------- product_bug
    Cause("clinic-surcharge-title-cased-speciality", C, "product_bug",
          FEES + INVOICES,
          patches=((BI, "fee_cents(code) * SPECIALITY_SURCHARGE[speciality]",
                    "fee_cents(code) * SPECIALITY_SURCHARGE[speciality.title()]"),)),
    Cause("clinic-first-slot-reads-tuple-by-name", C, "product_bug",
          _g("test_appointments", "test_first_slot_of_day"),
          patches=((AP, '    with conn.cursor() as cur:\n        cur.execute("SELECT min(',
                    '    with conn.cursor(cursor_factory=psycopg2.extensions.cursor) as cur:\n'
                    '        cur.execute("SELECT min('),)),
    Cause("clinic-claim-id-read-as-attribute", C, "product_bug", CLAIMS,
          patches=(("clinic/insurer.py", 'return str(answer["claim_id"])',
                    "return str(answer.claim_id)"),)),
    Cause("clinic-instalments-modulo-by-zero", C, "product_bug",
          _g("test_billing", "test_pay_at_once"),
          patches=((BI, "if plan.months <= 1:", "if plan.months == 1:"),)),
    Cause("clinic-booked-minutes-plain-dict", C, "product_bug",
          _g("test_appointments", "test_booked_minutes_over_a_week"),
          patches=((AP, "totals: dict[str, int] = defaultdict(int)",
                    "totals: dict[str, int] = {}"),)),
    Cause("clinic-no-show-rate-zero-division", C, "product_bug",
          _g("test_appointments", "test_no_show_rate_new_clinician"),
          patches=((AP, '    if not row["due"]:\n        return 0.0\n', ""),)),
    Cause("clinic-chart-summary-reads-units", C, "product_bug",
          _g("test_labs", "test_chart_summary"),
          patches=((LB, 'f"{r.value:g} {r.unit}"', 'f"{r.value:g} {r.units}"'),)),
    # ----------------------------------------------------------- wrong_behaviour
    Cause("clinic-copay-rounded-down", C, "wrong_behaviour",
          _g("test_billing", "test_copay_rounds_half_up"),
          patches=((BI, "return cents(Decimal(fee) * percent / 100)",
                    "return int(Decimal(fee) * percent / 100)"),)),
    Cause("clinic-schedule-newest-first", C, "wrong_behaviour",
          _g("test_appointments", "test_schedule_in_time_order"),
          patches=((AP, '"ORDER BY starts_at", (clinician, day))',
                    '"ORDER BY starts_at DESC", (clinician, day))'),)),
    Cause("clinic-cancel-leaves-invoice-open", C, "wrong_behaviour",
          _g("test_invoices", "test_cancelling_voids_invoice"),
          patches=(("clinic/invoices.py", "SET status = 'void' WHERE",
                    "SET status = status WHERE"),)),
    Cause("clinic-cosmetic-tax-16-percent", C, "wrong_behaviour",
          _g("test_billing", "test_fee_and_tax_match_schedule[DERM-LAS-dermatology]",
             "test_cosmetic_treatment_taxed") + _g("test_invoices",
                                                   "test_patient_owes_copay_and_tax"),
          patches=((BI, '"cosmetic": Decimal("0.19")', '"cosmetic": Decimal("0.16")'),)),
    Cause("clinic-week-report-drops-last-day", C, "wrong_behaviour",
          _g("test_appointments", "test_booked_minutes_over_a_week"),
          patches=((AP, "AND starts_at::date BETWEEN %s AND %s",
                    "AND starts_at::date >= %s AND starts_at::date < %s"),)),
    Cause("clinic-foreign-fee-divided-by-rate", C, "wrong_behaviour",
          _g("test_billing", "test_fee_in_foreign_currency"),
          patches=((BI, "cents(amount * eur_per_unit * 100)",
                    "cents(amount / eur_per_unit * 100)"),)),
    Cause("clinic-quarantine-only-on-majority", C, "wrong_behaviour",
          _g("test_referrals", "test_rejected_rows_quarantined"),
          patches=(("clinic/referrals.py", "QUARANTINE_SHARE = 0.0",
                    "QUARANTINE_SHARE = 0.5"),)),
    # ----------------------------------------------------------- data_contract
    Cause("clinic-referral-feed-lost-urgency", C, "data_contract", REFERRALS,
          feed={"drop": "urgency"}),
    Cause("clinic-lab-values-decimal-comma", C, "data_contract", LABS,
          faults=({"path": "/lab/v1/results/", "results": {"value": "5,4"}},)),
    Cause("clinic-lab-unit-lower-case", C, "data_contract", LABS,
          faults=({"path": "/lab/v1/results/", "results": {"unit": "mmol/l"}},)),
    Cause("clinic-summary-renames-visits", C, "data_contract",
          _g("test_export", "test_summary_meets_reporting_contract"),
          patches=(("clinic/export.py", '{"day": day.isoformat(), "visits": row["visits"]',
                    '{"day": day.isoformat(), "visit_count": row["visits"]'),)),
    # ----------------------------------------------------------- hang
    Cause("clinic-slot-cache-reenters-lock", C, "hang", CACHE,
          patches=(("clinic/cache.py",
                    "    def _drop_expired(self) -> None:\n        now = time.monotonic()\n"
                    "        for key in [k for k, (at, _) in self._entries.items() "
                    "if now - at > self.ttl]:\n            del self._entries[key]\n",
                    "    def _drop_expired(self) -> None:\n        now = time.monotonic()\n"
                    "        with self._lock:\n"
                    "            for key in [k for k, (at, _) in self._entries.items() "
                    "if now - at > self.ttl]:\n                del self._entries[key]\n"),)),
    Cause("clinic-export-marker-renamed", C, "hang",
          _g("test_export", "test_loader_waits_for_marker"),
          patches=(("clinic/export.py", 'WRITTEN_MARKER = "_SUCCESS"',
                    'WRITTEN_MARKER = "_DONE"'),)),
    Cause("clinic-dispatch-joins-before-stop", C, "hang",
          _g("test_outbox", "test_dispatch_sends_everything"),
          patches=(("clinic/outbox.py",
                    "    for _ in threads:\n        jobs.put(STOP)\n    for thread in threads:\n"
                    "        thread.join()\n",
                    "    for thread in threads:\n        thread.join()\n    for _ in threads:\n"
                    "        jobs.put(STOP)\n"),)),
    # ----------------------------------------------------------- slow_upstream
    Cause("clinic-claims-slow", C, "slow_upstream", CLAIMS,
          faults=({"path": "/v1/claims", "delay": 1.0},)),
    Cause("clinic-notify-slow", C, "slow_upstream", NOTIFY,
          faults=({"path": "/v2/messages", "delay": 1.0},)),
    Cause("clinic-lab-results-slow", C, "slow_upstream", LABS,
          faults=({"path": "/lab/v1/results/", "delay": 1.0},)),
    # ----------------------------------------------------------- upstream_5xx
    Cause("clinic-claims-503", C, "upstream_5xx", CLAIMS,
          faults=({"path": "/v1/claims", "status": 503},)),
    Cause("clinic-eligibility-502", C, "upstream_5xx", INSURER[:3],
          faults=({"path": "/v1/eligibility/", "status": 502},)),
    Cause("clinic-notify-500", C, "upstream_5xx", NOTIFY,
          faults=({"path": "/v2/messages", "status": 500},)),
    Cause("clinic-lab-results-503", C, "upstream_5xx", LABS,
          faults=({"path": "/lab/v1/results/", "status": 503},)),
    Cause("clinic-cardiology-results-502", C, "upstream_5xx",
          _g("test_labs", "test_results_by_department[cardiology]", "test_abnormal_flagged"),
          faults=({"path": "/lab/v1/results/cardiology", "status": 502},)),
    # ----------------------------------------------------------- upstream_unreachable
    Cause("clinic-insurer-host-unknown", C, "upstream_unreachable", INSURER,
          env={"CLINIC_INSURER_URL": "http://insurer-{token}.staging.invalid"}),
    Cause("clinic-notify-port-closed", C, "upstream_unreachable", NOTIFY,
          env={"CLINIC_NOTIFY_URL": "http://127.0.0.1:{closed_port}"}),
    Cause("clinic-lab-host-unknown", C, "upstream_unreachable", LABS,
          env={"CLINIC_LAB_URL": "http://lab-{token}.staging.invalid"}),
    # ----------------------------------------------------------- test_harness
    Cause("clinic-tests-clinicians-file-renamed", C, "test_harness", DB,
          patches=((CF, '(DATA / "clinicians.json")', '(DATA / "staff.json")'),)),
    Cause("clinic-tests-misspelt-fixture", C, "test_harness",
          _g("test_outbox", "test_mark_sent"),
          patches=(("tests/test_outbox.py", "def test_mark_sent(outbox):\n    outbox.enqueue(",
                    "def test_mark_sent(outbox_db):\n    outbox = outbox_db\n    "
                    "outbox.enqueue("),)),
    Cause("clinic-tests-export-teardown-wrong-folder", C, "test_harness", EXPORT,
          patches=((CF, "    shutil.rmtree(folder)\n",
                    '    shutil.rmtree(folder / "partitions")\n'),)),
    Cause("clinic-tests-expected-fees-renamed", C, "test_harness", FEES,
          patches=(("tests/test_billing.py", '(DATA / "expected_fees.csv")',
                    '(DATA / "expected-fees.csv")'),)),
    Cause("clinic-tests-outbox-cleared-after-close", C, "test_harness", OUTBOX,
          patches=((CF, "    box.clear()\n    box.close()\n",
                    "    box.close()\n    box.clear()\n"),)),
    # ----------------------------------------------------------- flaky
    Cause("clinic-status-lookup-latency-blip", C, "flaky",
          _g("test_notify", "test_status_lookups_within_budget"),
          faults=({"path": "/v2/messages/msg_", "delay": 0.4, "times": 1},)),
    Cause("clinic-claims-503-once", C, "flaky", _g("test_insurer", "test_submit_claim"),
          faults=({"path": "/v1/claims", "status": 503, "times": 1},)),
    Cause("clinic-cardiology-502-once", C, "flaky",
          _g("test_labs", "test_results_by_department[cardiology]"),
          faults=({"path": "/lab/v1/results/cardiology", "status": 502, "times": 1},)),
    Cause("clinic-api-port-held-by-other-job", C, "flaky", API, hooks=("api_port_held",)),
    # ----------------------------------------------------------- infrastructure
    Cause("clinic-export-volume-full", C, "infrastructure", EXPORT,
          hooks=("export_volume_full",)),
    Cause("clinic-renderer-memory-capped", C, "infrastructure", LETTERS,
          env={"CLINIC_RENDER_MEMORY_MB": "32"}),
    Cause("clinic-export-file-size-limit", C, "infrastructure",
          _g("test_export", "test_visit_archive"), fsize=1024 * 1024),
)
