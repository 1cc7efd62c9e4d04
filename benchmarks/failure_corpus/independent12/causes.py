"""The catalogue of root causes: what each breaks, its category, and how it is applied.

A cause is applied through one or more of: ``env`` (settings of the service under test),
``faults`` (behaviour of a partner stand-in), ``edits`` (text edits of the service's code, its
tests, the environment's data files, or the installed open-source package), ``actions`` (steps
the generator takes on the night's environment, see ``make_corpus.apply_actions``). ``targets``
lists the tests the breakage can reach (prefixes of ``classname::name``); two causes whose
targets overlap never run on the same night.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FLEET = "fleet"
MOREIT = "moreit"


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` by ``new`` in a file (``new=None`` deletes the file).

    ``root`` is ``code`` (the service copy), ``data`` (the environment data) or ``site`` (the
    installed more_itertools package).
    """

    root: str
    path: str
    old: str = ""
    new: str | None = ""


@dataclass(frozen=True)
class Cause:
    name: str
    category: str
    job: str
    targets: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    faults: dict[str, dict[str, object]] = field(default_factory=dict)
    edits: tuple[Edit, ...] = ()
    actions: tuple[str, ...] = ()
    single_night: bool = False


PARTS = ("tests.test_parts::",)
TELEMATICS = ("tests.test_telematics::", "tests.test_odometer_feed::")
INSP = "tests.test_inspections::"


def _insp(*batches: str, worst: bool = False) -> tuple[str, ...]:
    names = [f"{INSP}test_load_batch[{b}]" for b in batches]
    names += [f"{INSP}test_record_batch[{b}]" for b in batches]
    if worst:
        names.append(f"{INSP}test_worst_first_ordering")
    return tuple(names)


CAUSES: list[Cause] = [
    # credentials_refused
    Cause("parts_api_key_revoked", "credentials_refused", FLEET, PARTS,
          faults={"parts": {"auth_reject": 401}}),
    Cause("telematics_token_expired", "credentials_refused", FLEET, TELEMATICS,
          faults={"telematics": {"auth_reject": 403}}),
    Cause("queue_redis_password_rotated", "credentials_refused", FLEET, ("tests.test_queue::",),
          actions=("queue_password_rotated",)),
    # database_unavailable
    Cause("history_db_locked_by_backup", "database_unavailable", FLEET, ("tests.test_ledger::",),
          actions=("hold_history_lock",)),
    Cause("cache_redis_down", "database_unavailable", FLEET,
          ("tests.test_cache::", "tests.test_scheduling::"), actions=("cache_redis_down",)),
    Cause("queue_redis_max_clients", "database_unavailable", FLEET, ("tests.test_queue::",),
          actions=("queue_max_clients",)),
    # schema_drift
    Cause("migration_0003_priority_not_applied", "schema_drift", FLEET, ("tests.test_priority::",),
          env={"FLEET_MIGRATIONS_SKIP": "0003"}),
    Cause("migration_0004_reservations_not_applied", "schema_drift", FLEET,
          ("tests.test_reservations::",), env={"FLEET_MIGRATIONS_SKIP": "0004"}),
    Cause("migration_0005_inspections_not_applied", "schema_drift", FLEET,
          (f"{INSP}test_record_batch", f"{INSP}test_worst_first_ordering"),
          env={"FLEET_MIGRATIONS_SKIP": "0005"}),
    # integrity_violation
    Cause("history_db_stale_rows", "integrity_violation", FLEET,
          ("tests.test_ledger::test_record_completion",), actions=("stale_history_rows",)),
    Cause("depot_list_missing_east", "integrity_violation", FLEET, ("tests.test_transfers::",),
          edits=(Edit("data", "depots.csv", "EAST,Eastern yard\n", ""),)),
    Cause("roster_missing_south", "integrity_violation", FLEET, ("tests.test_assignments::",),
          edits=(Edit("data", "roster.csv", "SOUTH,eli\nSOUTH,fay\n", ""),)),
    # missing_dependency
    Cause("urllib3_1_26_installed", "missing_dependency", FLEET, PARTS,
          actions=("overlay_urllib3",)),
    Cause("redis_py_3_installed", "missing_dependency", FLEET,
          ("tests.test_queue::", "tests.test_cache::", "tests.test_scheduling::"),
          actions=("overlay_redis",)),
    Cause("requests_not_installed", "missing_dependency", FLEET, PARTS,
          actions=("uninstall_requests",), single_night=True),
    Cause("more_itertools_old_release", "missing_dependency", MOREIT,
          ("tests.test_more", "tests.test_recipes"), actions=("moreit_old_release",),
          single_night=True),
    # slow_upstream
    Cause("parts_supplier_slow", "slow_upstream", FLEET, PARTS,
          faults={"parts": {"delay": 1.2}}),
    Cause("telematics_slow", "slow_upstream", FLEET, TELEMATICS,
          faults={"telematics": {"delay": 1.2}}),
    # hang
    Cause("schedule_lock_left_held_west", "hang", FLEET,
          ("tests.test_scheduling::test_lock_acquire_release[WEST]",
           "tests.test_scheduling::test_second_scheduler_waits[WEST]"),
          actions=("hold_schedule_lock_west",)),
    Cause("service_rules_dependency_cycle", "hang", FLEET,
          ("tests.test_planner::test_plan_matches_expected[118500]",
           "tests.test_planner::test_plan_matches_expected[238000]"),
          edits=(Edit("data", "rules.json", '"requires": ["brake_check"]',
                      '"requires": ["brake_check", "timing_belt"]'),)),
    Cause("more_itertools_ilen_never_ends", "hang", MOREIT,
          ("tests.test_more.IlenTests::", "tests.test_more.RunLengthTest::",
           "tests.test_recipes.SieveTests::"),
          edits=(Edit("site", "more.py", "return sum(compress(repeat(1), zip(iterable)))",
                      "return sum(1 for _ in repeat(iterable))"),)),
    # upstream_unreachable
    Cause("parts_supplier_unknown_host", "upstream_unreachable", FLEET, PARTS,
          env={"FLEET_PARTS_URL": "http://parts-supplier.invalid"}),
    Cause("telematics_connection_refused", "upstream_unreachable", FLEET, TELEMATICS,
          actions=("telematics_closed_port",)),
    # upstream_5xx
    Cause("parts_catalogue_503_gaskets_belts", "upstream_5xx", FLEET,
          ("tests.test_parts::test_quote[GSK-110]", "tests.test_parts::test_quote[BLT-TIM-9]"),
          faults={"parts": {"status_get": 503, "status_get_prefix": ["GSK", "BLT"]}}),
    Cause("parts_orders_500", "upstream_5xx", FLEET, ("tests.test_parts::test_order",),
          faults={"parts": {"status_post": 500}}),
    Cause("telematics_502_for_trucks", "upstream_5xx", FLEET, ("tests.test_telematics::",),
          faults={"telematics": {"status_get": 502, "status_get_prefix": "WTR"}}),
    # data_contract
    Cause("parts_lubricant_price_as_string", "data_contract", FLEET,
          ("tests.test_parts::test_quote[OIL-5W30]", "tests.test_parts::test_quote[FLT-OIL-22]",
           "tests.test_parts::test_basket_total"),
          faults={"parts": {"price_as_string": True, "price_prefix": ["OIL", "FLT"]}}),
    Cause("parts_brakes_tyres_unknown_currency", "data_contract", FLEET,
          ("tests.test_parts::test_quote[BRK-PAD-F]", "tests.test_parts::test_quote[TYR-225-45]"),
          faults={"parts": {"currency": "XBT", "currency_prefix": ["BRK", "TYR"]}}),
    Cause("telematics_feed_without_odometer", "data_contract", FLEET,
          ("tests.test_odometer_feed::",),
          faults={"telematics": {"drop_fields": ["odometer_km"], "drop_prefix": "FDV"}}),
    Cause("inspections_missing_vin", "data_contract", FLEET,
          _insp("north-0101", "west-0102", worst=True),
          edits=(Edit("data", "inbox/north-0101/report-2.json", '"vin": "WVN0002",', ""),
                 Edit("data", "inbox/west-0102/report-1.json", '"vin": "WTR0004",', ""))),
    Cause("inspections_unknown_severity", "data_contract", FLEET,
          _insp("north-0102", "south-0101"),
          edits=(Edit("data", "inbox/north-0102/report-2.json", '"severity": "critical"',
                      '"severity": "catastrophic"'),
                 Edit("data", "inbox/south-0101/report-2.json", '"severity": "critical"',
                      '"severity": "severe"'))),
    Cause("inspections_local_date_format", "data_contract", FLEET,
          _insp("west-0101", "east-0101", worst=True),
          edits=(Edit("data", "inbox/west-0101/report-1.json", '"2026-11-12"', '"12/11/2026"'),
                 Edit("data", "inbox/east-0101/report-2.json", '"2026-11-16"', '"16.11.2026"'))),
    # test_harness
    Cause("expected_due_fixture_file_missing", "test_harness", FLEET,
          ("tests.test_planner::test_plan_matches_expected",),
          edits=(Edit("code", "tests/data/expected_due.json", new=None),)),
    Cause("exports_parametrize_arity", "test_harness", FLEET, ("tests.test_exports",),
          edits=(Edit("code", "tests/test_exports.py", '@pytest.mark.parametrize("depot,due", [',
                      '@pytest.mark.parametrize("depot,due,rows", ['),)),
    Cause("inbox_fixture_teardown_wrong_path", "test_harness", FLEET, (INSP,),
          edits=(Edit("code", "tests/conftest.py", "shutil.rmtree(copy)\n",
                      'shutil.rmtree(copy / "processed")\n'),)),
    Cause("more_itertools_seed_file_missing", "test_harness", MOREIT,
          ("tests.test_recipes.RandomProductTests::", "tests.test_recipes.RandomPermutationTests::",
           "tests.test_recipes.RandomCombinationTests::",
           "tests.test_recipes.RandomCombinationWithReplacementTests::",
           "tests.test_more.SampleTests::"),
          actions=("moreit_remove_seeds",)),
    # product_bug
    Cause("planner_rule_lookup_by_upper_name", "product_bug", FLEET,
          ("tests.test_planner::", "tests.test_fleet_batch::"),
          edits=(Edit("code", "fleetcare/planner.py", "rules[task].requires",
                      "rules[task.upper()].requires"),)),
    Cause("exports_row_by_column_name", "product_bug", FLEET, ("tests.test_exports::",),
          edits=(Edit("code", "fleetcare/exports.py", '"technician": r.technician}',
                      '"technician": r["technician"]}'),)),
    Cause("status_cache_decodes_field", "product_bug", FLEET,
          ("tests.test_cache::test_status_round_trip",),
          edits=(Edit("code", "fleetcare/cache.py", "json.loads(raw.decode())",
                      'json.loads(raw.decode()["status"])'),)),
    Cause("more_itertools_chunked_argument_order", "product_bug", MOREIT,
          ("tests.test_more.ChunkedTests::", "tests.test_more.IntersperseTest::",
           "tests.test_more.SideEffectTests::"),
          edits=(Edit("site", "more.py", "iter(partial(take, n, iter(iterable)), [])",
                      "iter(partial(take, iter(iterable), n), [])"),)),
    Cause("more_itertools_split_at_separator_index", "product_bug", MOREIT,
          ("tests.test_more.SplitAtTests::",),
          edits=(Edit("site", "more.py", "            if keep_separator:\n"
                      "                yield [item]\n            if maxsplit == 1:",
                      "            if keep_separator:\n"
                      "                yield [item][1]\n            if maxsplit == 1:"),)),
    # wrong_behaviour
    Cause("planner_due_at_exact_multiple", "wrong_behaviour", FLEET, ("tests.test_planner::",),
          edits=(Edit("code", "fleetcare/planner.py",
                      "return (odometer_km // interval_km + 1) * interval_km",
                      "return -(-odometer_km // interval_km) * interval_km"),)),
    Cause("exports_latest_due_first", "wrong_behaviour", FLEET,
          ("tests.test_exports::test_rows_by_due_distance",),
          edits=(Edit("code", "fleetcare/exports.py",
                      ".order_by(work_orders.c.due_km, work_orders.c.id))",
                      ".order_by(work_orders.c.due_km.desc(), work_orders.c.id))"),)),
    Cause("ledger_cost_takes_maximum", "wrong_behaviour", FLEET,
          ("tests.test_ledger::test_costs_add_up_per_vehicle",),
          edits=(Edit("code", "fleetcare/ledger.py", "func.sum(history.c.cost_cents)",
                      "func.max(history.c.cost_cents)"),)),
    Cause("more_itertools_windowed_padding", "wrong_behaviour", MOREIT,
          ("tests.test_more.WindowedTests::", "tests.test_more.ReplaceTests::"),
          edits=(Edit("site", "more.py",
                      "padding = (fillvalue,) * (n - 1 if step >= n else step - 1)",
                      "padding = (fillvalue,) * (n if step >= n else step - 1)"),)),
    Cause("more_itertools_first_true_default", "wrong_behaviour", MOREIT,
          ("tests.test_recipes.FirstTrueTests::",),
          edits=(Edit("site", "recipes.py", "return next(filter(pred, iterable), default)",
                      "return next(filter(pred, iterable), None)"),)),
    # infrastructure
    Cause("export_volume_full", "infrastructure", FLEET, ("tests.test_exports::test_export_file",),
          actions=("export_volume_full",)),
    Cause("planner_workers_cpu_limit_killed", "infrastructure", FLEET,
          ("tests.test_fleet_batch::test_large_batch_simulation",),
          env={"FLEET_PLANNER_CPU_SECONDS": "1"}),
    Cause("planner_workers_memory_limit", "infrastructure", FLEET, ("tests.test_fleet_batch::",),
          env={"FLEET_PLANNER_MEMORY_MB": "64"}),
    # flaky
    Cause("telematics_feed_first_connection_reset", "flaky", FLEET,
          ("tests.test_odometer_feed::",),
          faults={"telematics": {"reset_once": ["FDV0001", "FDV0002", "FDV0003", "FDV0004"]}}),
    Cause("parts_orders_first_connection_dropped", "flaky", FLEET,
          ("tests.test_parts::test_order",), faults={"parts": {"reset_once_orders": True}}),
]

BY_NAME = {cause.name: cause for cause in CAUSES}


def overlaps(a: Cause, b: Cause) -> bool:
    """Whether two causes could break the same test."""
    if a.job != b.job:
        return False
    return any(x.startswith(y) or y.startswith(x) for x in a.targets for y in b.targets)
