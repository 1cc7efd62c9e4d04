"""The catalogue of breakages: each root cause, its category, and how it is applied.

A cause is applied to one job (``payroll`` or ``marshmallow``) by any mix of: text patches to
the night's copy of the code base or its tests, edits of the files the time-clock vendor
delivers, behaviours of the partner stubs, SQL run against the night's databases, changes of
environment variables, and named environment actions (volumes, locks, held connections,
stopped servers, a port taken). ``targets`` are ``fnmatch`` patterns over
``"<classname>::<name>"`` of the JUnit test cases the breakage reaches; a collection error of
a module has the key ``"::<dotted module>"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PAYROLL = "payroll"
MARSHMALLOW = "marshmallow"


@dataclass(frozen=True)
class Cause:
    """One distinct breakage."""

    name: str
    category: str
    job: str
    how: str
    targets: tuple[str, ...]
    patches: tuple[tuple[str, str, str], ...] = ()
    deliveries: tuple[tuple[str, str, str], ...] = ()
    stubs: dict[str, dict[str, Any]] = field(default_factory=dict)
    sql: tuple[tuple[str, str], ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    actions: tuple[str, ...] = ()
    first_attempt_only: bool = False


def t(module: str, *names: str) -> tuple[str, ...]:
    """Patterns of tests ``names`` of ``tests.<module>``."""
    return tuple(f"tests.{module}::{name}" for name in names)


TAX_SERVER_TESTS = t(
    "test_tax", "test_north_bands", "test_south_bands", "test_standard_code_allowance",
    "test_basic_rate_code_has_no_allowance", "test_withdrawn_code_refused",
    "test_unknown_code_is_not_found", "test_holidays_sorted", "test_holidays_of_unpublished_year",
) + t("test_run", "test_payslips_with_live_rates")
TAX_CODE_TESTS = t(
    "test_tax", "test_standard_code_allowance", "test_basic_rate_code_has_no_allowance",
    "test_withdrawn_code_refused", "test_unknown_code_is_not_found",
)
BANK_SERVER_TESTS = t(
    "test_bank", "test_batch_submitted", "test_submitted_batch_settles",
    "test_status_of_unknown_batch", "test_account_holder", "test_foreign_account_unknown",
) + t("test_run", "test_pay_stores_and_submits")
ARCHIVE_TESTS = t(
    "test_archive", "test_period_archived", "test_other_periods_untouched",
    "test_empty_period_archives_nothing",
)
OUT_WRITERS = t(
    "test_render", "test_document_rendered", "test_document_keeps_source",
    "test_large_run_rendered",
) + t("test_run", "test_bank_file_layout")
OUT_USERS = (*OUT_WRITERS, *t("test_render", "test_nothing_to_render"))
RENDERS = t(
    "test_render", "test_document_rendered", "test_document_keeps_source",
    "test_large_run_rendered",
)
GROSS_TESTS = t(
    "test_calc", "test_day_shift_gross", "test_night_shift_premium",
    "test_weekend_shift_premium", "test_overtime_beyond_standard_month",
    "test_overtime_splits_an_entry_crossing_the_limit", "test_payslip_net_adds_untaxed_allowance",
    "test_fractional_hours*",
) + t("test_run", "test_compute_everyone", "test_payslips_with_live_rates")

MM_DECIMAL_QUANTIZE_ARGS_TESTS = (
    'tests.test_deserialization.TestFieldDeserialization::test_decimal_field_special_values',
    'tests.test_deserialization.TestFieldDeserialization::test_decimal_field_special_values_not_permitted',
    'tests.test_deserialization.TestFieldDeserialization::test_decimal_field_with_places',
    'tests.test_deserialization.TestFieldDeserialization::test_decimal_field_with_places_and_rounding',
    'tests.test_serialization.TestFieldSerialization::test_decimal_field',
    'tests.test_serialization.TestFieldSerialization::test_decimal_field_fixed_point_representation',
    'tests.test_serialization.TestFieldSerialization::test_decimal_field_special_values',
    'tests.test_serialization.TestFieldSerialization::test_decimal_field_special_values_not_permitted',
    'tests.test_serialization.TestFieldSerialization::test_decimal_field_string',
)

MM_ONEOF_CHOICES_TEXT_TESTS = (
    'tests.test_validate::test_contains_only_unhashable_types',
    'tests.test_validate::test_containsonly_custom_message',
    'tests.test_validate::test_containsonly_in_list',
    'tests.test_validate::test_containsonly_in_tuple',
    'tests.test_validate::test_containsonly_repr',
    'tests.test_validate::test_oneof',
    'tests.test_validate::test_oneof_custom_message',
    'tests.test_validate::test_oneof_options',
    'tests.test_validate::test_oneof_repr',
    'tests.test_validate::test_oneof_text',
)

MM_LENGTH_MAX_OFF_BY_ONE_TESTS = (
    'tests.test_validate::test_length_custom_message',
    'tests.test_validate::test_length_max',
)

MM_RANGE_EXCLUSIVE_MIN_TESTS = (
    'tests.test_validate::test_range_max',
    'tests.test_validate::test_range_min',
)

MM_ONEOF_OPTIONS_LOOP_TESTS = (
    'tests.test_validate::test_oneof_options',
)

MM_USER_FIXTURE_KEYWORD_TESTS = (
    'tests.test_options.TestFieldOrdering::test_declared_field_order_is_maintained_on_dump',
    'tests.test_options.TestFieldOrdering::test_declared_field_order_is_maintained_on_load',
    'tests.test_options.TestFieldOrdering::test_meta_fields_order_is_maintained_on_dump',
    'tests.test_options.TestFieldOrdering::test_meta_fields_order_is_maintained_on_load',
    'tests.test_options.TestFieldOrdering::test_nested_field_order_with_exclude_arg_is_maintained',
    'tests.test_options.TestFieldOrdering::test_nested_field_order_with_only_arg_is_maintained_on_dump',
    'tests.test_options.TestFieldOrdering::test_ordered_option_is_inherited[False]',
    'tests.test_options.TestFieldOrdering::test_ordered_option_is_inherited[True]',
    'tests.test_registry::test_invalid_class_name_in_nested_field_raises_error',
    'tests.test_schema.TestPluckSchema::test_pluck[UserSchema]',
    'tests.test_schema.TestPluckSchema::test_pluck[user_schema1]',
    'tests.test_schema.TestPluckSchema::test_pluck_none',
    'tests.test_schema.TestPluckSchema::test_pluck_with_data_key',
    'tests.test_schema::test_additional',
    'tests.test_schema::test_can_serialize_time',
    'tests.test_schema::test_can_serialize_uuid',
    'tests.test_schema::test_cant_set_both_additional_and_fields',
    'tests.test_schema::test_class_variable',
    'tests.test_schema::test_custom_field',
    'tests.test_schema::test_dateformat_option',
    'tests.test_schema::test_datetime_formatted_field',
    'tests.test_schema::test_datetime_iso_field',
    'tests.test_schema::test_datetimeformat_option',
    'tests.test_schema::test_default_dateformat',
    'tests.test_schema::test_dump_returns_a_dict',
    'tests.test_schema::test_dumping_single_object_with_collection_schema',
    'tests.test_schema::test_dumps_returns_a_string',
    'tests.test_schema::test_dumps_returns_json',
    'tests.test_schema::test_exclude_fields',
    'tests.test_schema::test_exclude_in_init[UserMetaSchema]',
    'tests.test_schema::test_exclude_in_init[UserSchema]',
    'tests.test_schema::test_fields_must_be_declared_as_instances',
    'tests.test_schema::test_function_field',
    'tests.test_schema::test_inherit_meta',
    'tests.test_schema::test_inheriting_schema',
    'tests.test_schema::test_invalid_only_param',
    'tests.test_schema::test_meta_field_not_on_obj_raises_attribute_error',
    'tests.test_schema::test_meta_fields_mapping',
    'tests.test_schema::test_method_field[UserMetaSchema]',
    'tests.test_schema::test_method_field[UserSchema]',
    'tests.test_schema::test_naive_datetime_field',
    'tests.test_schema::test_only_in_init[UserMetaSchema]',
    'tests.test_schema::test_only_in_init[UserSchema]',
    'tests.test_schema::test_serializer_can_specify_nested_object_as_attribute',
    'tests.test_schema::test_serializer_dump',
    'tests.test_schema::test_serializing_basic_object[UserMetaSchema]',
    'tests.test_schema::test_serializing_basic_object[UserSchema]',
    'tests.test_schema::test_timeformat_option',
    'tests.test_schema::test_tz_datetime_field',
    'tests.test_schema::test_url_field',
)

CAUSES: list[Cause] = [
    # --- flaky: transient conditions present on the first attempt only --------------------
    Cause(
        "hash-order-shift-list", "flaky", PAYROLL,
        "the first attempt runs under a hash seed that orders the set of shifts differently;"
        " the test compares a set's iteration order",
        t("test_timesheets", "test_shifts_listed_in_first_seen_order"),
        env={"PYTHONHASHSEED": "2"}, first_attempt_only=True,
    ),
    Cause(
        "callback-port-taken", "flaky", PAYROLL,
        "another process holds the bank callback port during the first attempt",
        t("test_bank", "test_settlement_notification_recorded"),
        actions=("port-squatter",), first_attempt_only=True,
    ),
    Cause(
        "tax-stub-cold-start", "flaky", PAYROLL,
        "the tax partner drops the first holiday-calendar connection after a cold start",
        t("test_tax", "test_holidays_sorted"),
        stubs={"tax": {"holidays": {"reset_first": 1}}}, first_attempt_only=True,
    ),
    # --- infrastructure ---------------------------------------------------------------------
    Cause(
        "out-volume-full", "infrastructure", PAYROLL,
        "the output volume (a tmpfs) is filled to the last block before the run",
        OUT_WRITERS, actions=("volume-full",),
    ),
    Cause(
        "out-volume-readonly", "infrastructure", PAYROLL,
        "the output volume is remounted read-only", OUT_USERS, actions=("volume-readonly",),
    ),
    Cause(
        "data-volume-missing", "infrastructure", PAYROLL,
        "the volume with the vendor's deliveries is not mounted; its mount point is absent",
        t("test_timesheets", "test_october_delivery_parses", "test_october_delivery_total_hours",
          "test_november_delivery_parses", "test_november_delivery_per_employee")
        + t("test_run", "test_delivered_november_loaded"),
        actions=("data-volume-missing",),
    ),
    Cause(
        "renderer-memory-ceiling", "infrastructure", PAYROLL,
        "the payslip renderer runs under an 8 MB address-space limit and runs out of memory",
        RENDERS, actions=("render-memory-ceiling",),
    ),
    # --- credentials_refused ---------------------------------------------------------------
    Cause(
        "bank-token-revoked", "credentials_refused", PAYROLL,
        "the bank gateway no longer accepts the service's bearer token",
        tuple(k for k in BANK_SERVER_TESTS if not k.endswith("test_foreign_account_unknown")),
        stubs={"bank": {"auth": {"token": "bank-token-rotated-9c1e"}}},
    ),
    Cause(
        "tax-key-expired", "credentials_refused", PAYROLL,
        "the tax partner rotated its API keys; the configured one is refused (the holiday"
        " calendar is public)",
        tuple(k for k in TAX_SERVER_TESTS if "holidays" not in k),
        stubs={"tax": {"auth": {"token": "tax-key-2027"}}},
    ),
    Cause(
        "archive-password-rotated", "credentials_refused", PAYROLL,
        "the archive role's password was changed on the archive cluster", ARCHIVE_TESTS,
        sql=(("archive", "ALTER ROLE archiver PASSWORD 'archive-pw-rotated'"),),
    ),
    # --- database_unavailable --------------------------------------------------------------
    Cause(
        "archive-cluster-down", "database_unavailable", PAYROLL,
        "the archive PostgreSQL cluster is stopped", ARCHIVE_TESTS, actions=("archive-down",),
    ),
    Cause(
        "batches-table-locked", "database_unavailable", PAYROLL,
        "a maintenance session holds a SHARE lock on bank_batches for the whole run",
        t("test_store", "test_batch_status_updated", "test_supplementary_batch_same_period")
        + t("test_run", "test_pay_stores_and_submits"),
        actions=("lock-batches",),
    ),
    Cause(
        "reports-role-connections-exhausted", "database_unavailable", PAYROLL,
        "the reporting role is capped at two connections and two are held open elsewhere",
        t("test_reports", "test_totals_largest_first", "test_totals_carry_cost_centre",
          "test_headcount_includes_empty_departments"),
        sql=(("payroll", "ALTER ROLE payroll_reports CONNECTION LIMIT 2"),),
        actions=("hold-report-connections",),
    ),
    # --- schema_drift ----------------------------------------------------------------------
    Cause(
        "allowances-table-dropped", "schema_drift", PAYROLL,
        "migration 3 (allowances) was rolled back on the test database",
        t("test_store", "test_allowances_summed", "test_no_allowances_is_zero")
        + t("test_run", "test_compute_everyone", "test_compute_counts_missing_region"),
        sql=(("payroll", "DROP TABLE allowances; DELETE FROM schema_version WHERE version = 3"),),
    ),
    Cause(
        "audit-log-missing", "schema_drift", PAYROLL,
        "the audit_log table of migration 4 is absent",
        t("test_store", "test_audit_trail_in_order") + t("test_run", "test_pay_stores_and_submits"),
        sql=(("payroll", "DROP TABLE audit_log"),),
    ),
    Cause(
        "archive-not-migrated", "schema_drift", PAYROLL,
        "the archive database was created but its migration was never run",
        t("test_archive", "test_period_archived", "test_other_periods_untouched"),
        actions=("archive-unmigrated",),
    ),
    Cause(
        "timesheet-shift-column-renamed", "schema_drift", PAYROLL,
        "a hand-made change renamed timesheet_entries.shift to shift_kind",
        t("test_store", "test_hours_recorded_and_read_back", "test_long_shift_recorded",
          "test_deleting_employee_removes_hours")
        + t("test_run", "test_compute_everyone", "test_compute_counts_missing_region",
            "test_sample_timesheet_loaded", "test_delivered_november_loaded"),
        sql=(("payroll", "ALTER TABLE timesheet_entries RENAME COLUMN shift TO shift_kind"),),
    ),
    # --- integrity_violation ---------------------------------------------------------------
    Cause(
        "shift-length-check", "integrity_violation", PAYROLL,
        "the database gained a CHECK constraint limiting a timesheet entry to 12 hours",
        t("test_store", "test_long_shift_recorded"),
        sql=(("payroll", "ALTER TABLE timesheet_entries ADD CONSTRAINT shift_length"
              " CHECK (hours <= 12)"),),
    ),
    Cause(
        "tax-code-not-null", "integrity_violation", PAYROLL,
        "employees.tax_code was made NOT NULL on the database; contractors have none",
        t("test_store", "test_contractor_without_tax_code", "test_contractor_default_region"),
        sql=(("payroll", "ALTER TABLE employees ALTER COLUMN tax_code SET NOT NULL"),),
    ),
    Cause(
        "batch-period-unique", "integrity_violation", PAYROLL,
        "a unique index on bank_batches(period) was added by a hotfix",
        t("test_store", "test_supplementary_batch_same_period"),
        sql=(("payroll", "CREATE UNIQUE INDEX one_batch_per_period ON bank_batches (period)"),),
    ),
    Cause(
        "payslip-saved-by-position", "integrity_violation", PAYROLL,
        "the pay step stores each payslip under its position instead of the employee's id",
        t("test_run", "test_pay_stores_and_submits"),
        patches=(("payrun/run.py",
                  "    for slip in slips:\n        store.save_payslip(\n"
                  "            employees[slip.employee].id, period,",
                  "    for position, slip in enumerate(slips, start=1):\n"
                  "        store.save_payslip(\n            position, period,"),),
    ),
    # --- missing_dependency ----------------------------------------------------------------
    Cause(
        "tabulate-missing", "missing_dependency", PAYROLL,
        "the job's environment is built without tabulate", ("::tests.test_reports",),
        actions=("no-tabulate",),
    ),
    Cause(
        "tabulate-too-old", "missing_dependency", PAYROLL,
        "tabulate 0.8.9 (without maxcolwidths) is installed instead of 0.10",
        t("test_reports", "test_table_has_total_line", "test_table_wraps_long_department_codes"),
        actions=("old-tabulate",),
    ),
    Cause(
        "renderer-isolated-interpreter", "missing_dependency", PAYROLL,
        "the renderer is launched by an isolated interpreter that cannot import payrun",
        RENDERS, actions=("render-isolated",),
    ),
    # --- slow_upstream ---------------------------------------------------------------------
    Cause(
        "tax-rates-slow", "slow_upstream", PAYROLL,
        "the tax partner answers rate requests after 2.5 s (client timeout 1 s)",
        t("test_tax", "test_north_bands", "test_south_bands")
        + t("test_run", "test_payslips_with_live_rates"),
        stubs={"tax": {"rates": {"delay": 2.5}}},
    ),
    Cause(
        "tax-codes-slow", "slow_upstream", PAYROLL,
        "the tax partner answers tax-code look-ups after 2.5 s", TAX_CODE_TESTS,
        stubs={"tax": {"codes": {"delay": 2.5}}},
    ),
    Cause(
        "bank-status-slow", "slow_upstream", PAYROLL,
        "the bank answers batch-status requests after 2.5 s",
        t("test_bank", "test_submitted_batch_settles", "test_status_of_unknown_batch"),
        stubs={"bank": {"status": {"delay": 2.5}}},
    ),
    # --- hang ------------------------------------------------------------------------------
    Cause(
        "renderer-stdin-never-closed", "hang", PAYROLL,
        "the payslips are piped to the renderer, whose stdin is never closed; both wait",
        RENDERS,
        patches=(("payrun/render.py",
                  "    argv = [*(command or (sys.executable, \"-m\", \"payrun.render\")),"
                  " str(source), str(target)]\n"
                  "    proc = subprocess.run(argv, capture_output=True, text=True, timeout=30)\n",
                  "    argv = [*(command or (sys.executable, \"-m\", \"payrun.render\")),"
                  " \"-\", str(target)]\n"
                  "    child = subprocess.Popen(argv, stdin=subprocess.PIPE,"
                  " stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)\n"
                  "    assert child.stdin is not None\n"
                  "    child.stdin.write(source.read_text())\n"
                  "    child.stdin.flush()\n"
                  "    child.wait()\n"
                  "    out, err = child.communicate()\n"
                  "    proc = subprocess.CompletedProcess(argv, child.returncode, out, err)\n"),),
    ),
    Cause(
        "compute-waits-for-lost-progress", "hang", PAYROLL,
        "the pay run waits for one progress report more than there are employees",
        t("test_run", "test_compute_everyone", "test_compute_counts_missing_region"),
        patches=(("payrun/run.py",
                  "        results = list(pool.map(one, employees))\n",
                  "        futures = [pool.submit(one, e) for e in employees]\n"
                  "        while progress.done <= len(futures):\n"
                  "            time.sleep(0.05)\n"
                  "        results = [f.result() for f in futures]\n"),
                 ("payrun/run.py", "import threading\n", "import threading\nimport time\n")),
    ),
    Cause(
        "grouping-lock-reentered", "hang", PAYROLL,
        "grouping holds a module lock and calls a helper that takes the same lock again",
        t("test_timesheets", "test_sample_grouped_in_date_order",
          "test_november_delivery_per_employee")
        + t("test_run", "test_sample_timesheet_loaded", "test_delivered_november_loaded",
            "test_unknown_employee_rejects_file"),
        patches=(("payrun/timesheets.py",
                  "    grouped: dict[str, list[Entry]] = {}\n"
                  "    for entry in entries:\n"
                  "        grouped.setdefault(entry.employee, []).append(entry)\n"
                  "    for items in grouped.values():\n"
                  "        items.sort(key=lambda e: e.work_date)\n"
                  "    return grouped\n",
                  "    with _GROUPING:\n"
                  "        grouped: dict[str, list[Entry]] = {}\n"
                  "        for entry in entries:\n"
                  "            grouped.setdefault(entry.employee, []).append(entry)\n"
                  "        for items in grouped.values():\n"
                  "            _in_date_order(items)\n"
                  "    return grouped\n\n\n"
                  "def _in_date_order(items: list[Entry]) -> None:\n"
                  "    with _GROUPING:\n"
                  "        items.sort(key=lambda e: e.work_date)\n"),
                 ("payrun/timesheets.py", "SHIFTS = frozenset({\"day\", \"night\", \"weekend\"})\n",
                  "SHIFTS = frozenset({\"day\", \"night\", \"weekend\"})\n"
                  "_GROUPING = threading.Lock()\n"),
                 ("payrun/timesheets.py", "import logging\n",
                  "import logging\nimport threading\n")),
    ),
    # --- upstream_unreachable --------------------------------------------------------------
    Cause(
        "tax-service-down", "upstream_unreachable", PAYROLL,
        "the tax partner is not running; its port refuses connections", TAX_SERVER_TESTS,
        actions=("tax-down",),
    ),
    Cause(
        "bank-host-unknown", "upstream_unreachable", PAYROLL,
        "the bank gateway's configured host name does not resolve", BANK_SERVER_TESTS,
        env={"PAYRUN_BANK_URL": "http://bank-gateway.invalid:18932"},
    ),
    Cause(
        "tax-holidays-reset", "upstream_unreachable", PAYROLL,
        "the tax partner resets every holiday-calendar connection",
        t("test_tax", "test_holidays_sorted", "test_holidays_of_unpublished_year"),
        stubs={"tax": {"holidays": {"reset": True}}},
    ),
    # --- upstream_5xx ----------------------------------------------------------------------
    Cause(
        "tax-codes-503", "upstream_5xx", PAYROLL,
        "the tax partner answers tax-code look-ups with 503", TAX_CODE_TESTS,
        stubs={"tax": {"codes": {"status": 503}}},
    ),
    Cause(
        "bank-submit-502", "upstream_5xx", PAYROLL,
        "the bank gateway answers batch submissions with 502",
        t("test_bank", "test_batch_submitted", "test_submitted_batch_settles")
        + t("test_run", "test_pay_stores_and_submits"),
        stubs={"bank": {"submit": {"status": 502}}},
    ),
    Cause(
        "bank-accounts-500", "upstream_5xx", PAYROLL,
        "the bank gateway answers account look-ups with 500",
        t("test_bank", "test_account_holder"), stubs={"bank": {"accounts": {"status": 500}}},
    ),
    # --- data_contract ---------------------------------------------------------------------
    Cause(
        "delivery-november-decimal-comma", "data_contract", PAYROLL,
        "the vendor's November file writes hours with decimal commas",
        t("test_timesheets", "test_november_delivery_parses", "test_november_delivery_per_employee")
        + t("test_run", "test_delivered_november_loaded"),
        deliveries=(("2026-11.csv", "E002,2026-11-02,7.5,night", 'E002,2026-11-02,"7,5",night'),),
    ),
    Cause(
        "delivery-october-without-shift", "data_contract", PAYROLL,
        "the vendor's October file comes without the shift column",
        t("test_timesheets", "test_october_delivery_parses", "test_october_delivery_total_hours"),
        actions=("october-without-shift",),
    ),
    Cause(
        "tax-rates-without-bands", "data_contract", PAYROLL,
        "the tax partner's rate payload lacks the required bands field",
        t("test_tax", "test_north_bands", "test_south_bands")
        + t("test_run", "test_payslips_with_live_rates"),
        stubs={"tax": {"rates": {"drop": "bands"}}},
    ),
    Cause(
        "bank-status-undocumented", "data_contract", PAYROLL,
        "the bank reports a batch status outside the documented enum (on_hold)",
        t("test_bank", "test_submitted_batch_settles"),
        stubs={"bank": {"status": {"set": {"status": "on_hold"}}}},
    ),
    Cause(
        "bank-account-without-holder", "data_contract", PAYROLL,
        "the bank's account answer lacks the holder field",
        t("test_bank", "test_account_holder"), stubs={"bank": {"accounts": {"drop": "holder"}}},
    ),
    # --- test_harness ----------------------------------------------------------------------
    Cause(
        "sample-timesheet-deleted", "test_harness", PAYROLL,
        "the checked-in sample timesheet was removed from tests/data",
        t("test_timesheets", "test_sample_parses", "test_sample_grouped_in_date_order",
          "test_shifts_listed_in_first_seen_order")
        + t("test_run", "test_sample_timesheet_loaded"),
        actions=("delete-sample",),
    ),
    Cause(
        "accounts-fixture-unknown-dependency", "test_harness", PAYROLL,
        "the accounts fixture asks for a fixture that does not exist",
        t("test_run", "test_bank_file_layout", "test_pay_stores_and_submits"),
        patches=(("tests/conftest.py", "def accounts() -> dict[str, str]:",
                  "def accounts(ibans: dict[str, str]) -> dict[str, str]:"),),
    ),
    Cause(
        "archive-tests-syntax-error", "test_harness", PAYROLL,
        "a merge left an unbalanced parenthesis in tests/test_archive.py",
        ("::tests.test_archive",),
        patches=(("tests/test_archive.py",
                  "    assert archive.archive_period(store, settings.archive_dsn, closed_period)"
                  " == 2",
                  "    assert (archive.archive_period(store, settings.archive_dsn, closed_period)"
                  " == 2"),),
    ),
    Cause(
        "listener-fixture-teardown", "test_harness", PAYROLL,
        "the callback listener fixture's teardown calls a method the listener does not have",
        t("test_bank", "test_settlement_notification_recorded"),
        patches=(("tests/test_bank.py", "    yield server\n    server.stop()\n",
                  "    yield server\n    server.close()\n"),),
    ),
    # --- product_bug -----------------------------------------------------------------------
    Cause(
        "shift-multiplier-key-case", "product_bug", PAYROLL,
        "gross pay looks shift premiums up by a title-cased key", GROSS_TESTS,
        patches=(("payrun/calc.py", "multiplier = SHIFT_MULTIPLIERS[shift]",
                  "multiplier = SHIFT_MULTIPLIERS[shift.title()]"),),
    ),
    Cause(
        "report-total-float", "product_bug", PAYROLL,
        "the report's net total mixes float into a Decimal sum",
        t("test_reports", "test_table_has_total_line", "test_table_wraps_long_department_codes"),
        patches=(("payrun/reports.py", "total_net = sum((r[3] for r in rows), Decimal(0))",
                  "total_net = sum((float(r[3]) for r in rows), Decimal(0))"),),
    ),
    Cause(
        "bank-amount-not-serialised", "product_bug", PAYROLL,
        "the batch body carries Decimal amounts that JSON cannot encode",
        t("test_bank", "test_batch_submitted", "test_submitted_batch_settles")
        + t("test_run", "test_pay_stores_and_submits"),
        patches=(("payrun/bank.py", '"amount": str(p.amount)}', '"amount": p.amount}'),),
    ),
    Cause(
        "tax-code-adjustment-none", "product_bug", PAYROLL,
        "the allowance look-up subtracts an optional adjustment the partner does not send",
        t("test_tax", "test_standard_code_allowance", "test_basic_rate_code_has_no_allowance"),
        patches=(("payrun/tax.py", '        return Decimal(body["allowance"])\n',
                  '        return Decimal(body["allowance"]) - body.get("adjustment")\n'),),
    ),
    # --- wrong_behaviour -------------------------------------------------------------------
    Cause(
        "money-rounds-half-even", "wrong_behaviour", PAYROLL,
        "cents are rounded half-to-even instead of half-up",
        t("test_calc", "test_money_rounds_half_up", "test_pension_contribution"),
        patches=(("payrun/calc.py", "value.quantize(CENT, rounding=ROUND_HALF_UP)",
                  "value.quantize(CENT, rounding=ROUND_HALF_EVEN)"),
                 ("payrun/calc.py", "from decimal import ROUND_HALF_UP, Decimal",
                  "from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal")),
    ),
    Cause(
        "overtime-multiplier-125", "wrong_behaviour", PAYROLL,
        "overtime is paid at 1.25 instead of 1.5",
        t("test_calc", "test_overtime_beyond_standard_month",
          "test_overtime_splits_an_entry_crossing_the_limit"),
        patches=(("payrun/calc.py", 'OVERTIME_MULTIPLIER = Decimal("1.5")',
                  'OVERTIME_MULTIPLIER = Decimal("1.25")'),),
    ),
    Cause(
        "bank-file-trailer-counts-lines", "wrong_behaviour", PAYROLL,
        "the bank file's trailer counts lines instead of payments",
        t("test_run", "test_bank_file_layout"),
        patches=(("payrun/run.py", 'lines.append(f"TRL|{len(slips)}|',
                  'lines.append(f"TRL|{len(lines)}|'),),
    ),
    Cause(
        "timesheet-grouping-newest-first", "wrong_behaviour", PAYROLL,
        "grouped timesheet entries come newest first",
        t("test_timesheets", "test_sample_grouped_in_date_order"),
        patches=(("payrun/timesheets.py", "items.sort(key=lambda e: e.work_date)",
                  "items.sort(key=lambda e: e.work_date, reverse=True)"),),
    ),
    # --- marshmallow's own suite -----------------------------------------------------------
    Cause(
        "mm-decimal-quantize-args", "product_bug", MARSHMALLOW,
        "fields.Decimal passes the rounding mode twice to quantize",
        MM_DECIMAL_QUANTIZE_ARGS_TESTS,
        patches=(("src/marshmallow/fields.py",
                  "num = num.quantize(self.places, rounding=self.rounding)",
                  "num = num.quantize(self.places, self.rounding, rounding=self.rounding)"),),
    ),
    Cause(
        "mm-oneof-choices-text", "product_bug", MARSHMALLOW,
        "OneOf joins its choices as strings without converting them",
        MM_ONEOF_CHOICES_TEXT_TESTS,
        patches=(("src/marshmallow/validate.py",
                  'self.choices_text = ", ".join(str(choice) for choice in self.choices)',
                  'self.choices_text = ", ".join(self.choices)'),),
    ),
    Cause(
        "mm-length-max-off-by-one", "wrong_behaviour", MARSHMALLOW,
        "Length accepts one item more than its maximum",
        MM_LENGTH_MAX_OFF_BY_ONE_TESTS,
        patches=(("src/marshmallow/validate.py",
                  "if self.max is not None and length > self.max:",
                  "if self.max is not None and length > self.max + 1:"),),
    ),
    Cause(
        "mm-range-exclusive-min", "wrong_behaviour", MARSHMALLOW,
        "Range with an exclusive minimum accepts the minimum itself",
        MM_RANGE_EXCLUSIVE_MIN_TESTS,
        patches=(("src/marshmallow/validate.py",
                  "value < self.min if self.min_inclusive else value <= self.min",
                  "value < self.min if self.min_inclusive else value < self.min"),),
    ),
    Cause(
        "mm-oneof-options-loop", "hang", MARSHMALLOW,
        "OneOf.options advances only past labelled choices and spins on unlabelled ones",
        MM_ONEOF_OPTIONS_LOOP_TESTS,
        patches=(("src/marshmallow/validate.py",
                  "        return ((valuegetter(choice), label) for choice, label in pairs)\n",
                  "        items = list(pairs)\n        position = 0\n"
                  "        while position < len(items):\n"
                  "            choice, label = items[position]\n"
                  "            items[position] = (valuegetter(choice), label)\n"
                  "            position += 0 if label == \"\" else 1\n"
                  "        return iter(items)\n"),),
    ),
    Cause(
        "mm-user-fixture-keyword", "test_harness", MARSHMALLOW,
        "the user fixture passes a keyword the User test model does not take",
        MM_USER_FIXTURE_KEYWORD_TESTS,
        patches=(("tests/conftest.py", 'homepage="http://monty.python.org/")',
                  'home_page="http://monty.python.org/")'),),
    ),
    Cause(
        "mm-registry-tests-syntax-error", "test_harness", MARSHMALLOW,
        "tests/test_registry.py lost a colon in a merge", ("::tests.test_registry",),
        patches=(("tests/test_registry.py", "def test_serializer_has_class_registry():",
                  "def test_serializer_has_class_registry()"),),
    ),
]

BY_NAME = {cause.name: cause for cause in CAUSES}
