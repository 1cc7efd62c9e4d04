"""The catalogue of root causes: what each breaks, its category, and how it is applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CATEGORY_TEAMS = {
    "schema_drift": "platform-data", "integrity_violation": "platform-data",
    "database_unavailable": "platform-data", "missing_dependency": "release-engineering",
    "product_bug": "product-dev", "wrong_behaviour": "product-dev",
    "data_contract": "data-engineering", "hang": "product-dev", "slow_upstream": "integrations",
    "upstream_5xx": "integrations", "upstream_unreachable": "integrations",
    "credentials_refused": "integrations", "test_harness": "qa", "flaky": "qa",
    "infrastructure": "ci-infra",
}


@dataclass(frozen=True)
class Patch:
    """Replaces ``old`` by ``new`` in a file of the working copy; ``old=None`` writes the whole
    file (or removes it when ``new`` is None too)."""

    path: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Cause:
    """One root cause: the job it breaks, its category, the tests it breaks and how."""

    name: str
    job: str
    category: str
    tests: tuple[str, ...]
    how: str
    patches: tuple[Patch, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    sql: tuple[str, ...] = ()
    rules: tuple[dict[str, Any], ...] = ()
    limits: tuple[dict[str, Any], ...] = ()
    hold: str | None = None
    volume: str | None = None


def flaky_timing(path: str, test_def: str, marker: str) -> Patch:
    """A test that times its own setup, which is slow on a fresh checkout only."""
    return Patch(path, test_def, test_def + (
        "    import pathlib as _pathlib\n"
        "    import time as _time\n"
        "    _started = _time.perf_counter()\n"
        f"    _warm = _pathlib.Path(__file__).with_name('.warm-{marker}')\n"
        "    if not _warm.exists():\n"
        "        _warm.touch()\n"
        "        _time.sleep(0.3)\n"
        "    assert _time.perf_counter() - _started < 0.25, 'setup exceeded its time budget'\n"))


def flaky_race(path: str, test_def: str, marker: str) -> Patch:
    """A test that reads a result a background thread may not have produced yet."""
    return Patch(path, test_def, test_def + (
        "    import pathlib as _pathlib\n"
        "    import threading as _threading\n"
        "    import time as _time\n"
        f"    _warm = _pathlib.Path(__file__).with_name('.warm-{marker}')\n"
        "    _delay = 0.0 if _warm.exists() else 0.3\n"
        "    _done = []\n"
        "    _worker = _threading.Thread(target=lambda: (_time.sleep(_delay), _done.append(1)))\n"
        "    _worker.start()\n"
        "    _worker.join(0.1)\n"
        "    _warm.touch()\n"
        "    assert _done, 'background refresh had not finished'\n"))


TZ_IT = "toolz/itertoolz.py"
TZ_FN = "toolz/functoolz.py"
TZ_DT = "toolz/dicttoolz.py"
BT = "boltons/"
FT = "ferrytimes/"  # inside the service's working copy


def _toolz() -> list[Cause]:
    return [
        Cause("toolz-interleave-predicate-args", "toolz", "product_bug", (
                  'toolz.tests.test_itertoolz::test_interleave',),
              "interleave builds its exhaustion predicate with one argument too many "
              "(TypeError raised in toolz)",
              patches=(Patch(TZ_IT, "predicate = partial(operator.is_not, itr)",
                             "predicate = partial(operator.is_not, itr, None)"),)),
        Cause("toolz-topk-key-attribute", "toolz", "product_bug", (
                  'toolz.tests.test_itertoolz::test_topk',),
              "topk reads an attribute of a non-callable key (AttributeError in toolz)",
              patches=(Patch(TZ_IT, "        key = getter(key)\n    return tuple(heapq",
                             "        key = getter(key.field)\n    return tuple(heapq"),)),
        Cause("toolz-merge-factory-call", "toolz", "product_bug", (
                  'toolz.tests.test_curried::test_curried_namespace',
                  'toolz.tests.test_curried::test_merge',
                  'toolz.tests.test_dicttoolz.TestCustomMapping::test_factory',
                  'toolz.tests.test_dicttoolz.TestCustomMapping::test_merge',
                  'toolz.tests.test_dicttoolz.TestCustomMapping::test_merge_iterable_arg',
                  'toolz.tests.test_dicttoolz.TestDefaultDict::test_factory',
                  'toolz.tests.test_dicttoolz.TestDefaultDict::test_merge',
                  'toolz.tests.test_dicttoolz.TestDefaultDict::test_merge_iterable_arg',
                  'toolz.tests.test_dicttoolz.TestDict::test_factory',
                  'toolz.tests.test_dicttoolz.TestDict::test_merge',
                  'toolz.tests.test_dicttoolz.TestDict::test_merge_iterable_arg',
                  'toolz.tests.test_tlz::test_tlz',),
              "merge calls its factory with the dictionaries (TypeError in toolz)",
              patches=(Patch(TZ_DT, "    rv = factory()\n    for d in dicts:\n        rv.update(d)",
                             "    rv = factory(*dicts)\n    for d in dicts:\n        rv.update(d)"),
                       )),
        Cause("toolz-partition-pad-dropped", "toolz", "wrong_behaviour", (
                  'toolz.tests.test_itertoolz::test_partition',),
              "partition ignores its pad value and drops the incomplete last tuple",
              patches=(Patch(TZ_IT, "        return zip_longest(*args, fillvalue=pad)",
                             "        return zip(*args)"),)),
        Cause("toolz-sliding-window-offset", "toolz", "wrong_behaviour", (
                  'toolz.tests.test_itertoolz::test_sliding_window',),
              "sliding_window starts its windows one element late",
              patches=(Patch(TZ_IT, "for i, it in enumerate(itertools.tee(seq, n))))",
                             "for i, it in enumerate(itertools.tee(seq, n), 1)))"),)),
        Cause("toolz-frequencies-off-by-one", "toolz", "wrong_behaviour", (
                  'toolz.tests.test_itertoolz::test_frequencies',
                  'toolz.tests.test_recipes::test_countby',),
              "frequencies starts every count at one more than it should",
              patches=(Patch(TZ_IT, "d = collections.defaultdict(int)",
                             "d = collections.defaultdict(lambda: 1)"),)),
        Cause("toolz-tail-cycle", "toolz", "hang", (
                  'toolz.tests.test_itertoolz::test_last',
                  'toolz.tests.test_itertoolz::test_tail',),
              "tail of an unsliceable sequence cycles over it and never stops",
              patches=(Patch(TZ_IT, "        return tuple(collections.deque(seq, n))",
                             "        window = collections.deque(maxlen=n)\n"
                             "        for item in itertools.cycle(seq):\n"
                             "            window.append(item)\n"
                             "        return tuple(window)"),
                       )),
        Cause("toolz-partition-all-bisect-loop", "toolz", "hang", (
                  'toolz.tests.test_itertoolz::test_partition_all',),
              "partition_all's search for the padding start never narrows for unsized input",
              patches=(Patch(TZ_IT, "                    hi = mid\n",
                             "                    hi = mid + 1\n"),
                       )),
        Cause("toolz-peekn-batched-import", "toolz", "missing_dependency", (
                  'toolz.tests.test_itertoolz::test_peekn',),
              "peekn imports itertools.batched, which the installed Python does not have",
              patches=(Patch(TZ_IT, "    iterator = iter(seq)\n"
                             "    peeked = tuple(take(n, iterator))",
                             "    from itertools import batched\n    iterator = iter(seq)\n"
                             "    peeked = next(batched(iterator, n), ())"),)),
        Cause("toolz-inspect-getargspec", "toolz", "missing_dependency", (
                  'toolz.tests.test_functoolz::test_do',),
              "do was written for an inspect module that still had getargspec",
              patches=(Patch(TZ_FN, "def do(func, x):\n",
                             "def do(func, x):\n    inspect.getargspec(func)\n"),)),
        Cause("toolz-tests-conftest-fixture-data", "toolz", "test_harness", (
                  'toolz.tests.test_signatures::test_for_coverage',
                  'toolz.tests.test_signatures::test_is_partial',
                  'toolz.tests.test_signatures::test_is_valid',),
              "a conftest added for the signature tests loads a fixture file nobody committed",
              patches=(Patch("toolz/tests/conftest.py", None,
                             "import json\nimport pathlib\n\nimport pytest\n\n\n"
                             "@pytest.fixture(autouse=True)\n"
                             "def known_signatures(request):\n"
                             "    if request.module.__name__.endswith('test_signatures'):\n"
                             "        path = pathlib.Path(__file__).with_name('signatures.json')\n"
                             "        return json.loads(path.read_text())\n"
                             "    return None\n"),)),
        Cause("toolz-tests-recipes-syntax", "toolz", "test_harness", (
                  '::toolz.tests.test_recipes',),
              "a merge conflict marker left in test_recipes.py (collection error)",
              patches=(Patch("toolz/tests/test_recipes.py", "def test_countby",
                             "<<<<<<< HEAD\ndef test_countby"),)),
        Cause("toolz-tests-serialization-typo", "toolz", "test_harness", (
                  'toolz.tests.test_serialization::test_compose',),
              "a serialization test calls pickle.dumsp (error raised in test code)",
              patches=(Patch("toolz/tests/test_serialization.py", "def test_compose():\n",
                             "def test_compose():\n    pickle.dumsp(toolz.compose)\n"),)),
        Cause("toolz-worker-oom-killed", "toolz", "infrastructure", (
                  'toolz.tests.test_functoolz::test_curry_kwargs',
                  'toolz.tests.test_functoolz::test_juxt_generator_input',),
              "the out-of-memory killer ends the xdist worker running two functoolz tests",
              limits=({"tests": ["test_functoolz.py::test_curry_kwargs",
                                 "test_functoolz.py::test_juxt_generator_input"],
                       "limit": "kill", "value": 9},)),
        Cause("toolz-worker-segfault", "toolz", "infrastructure", (
                  'toolz.tests.test_itertoolz::test_join',
                  'toolz.tests.test_itertoolz::test_join_missing_element',),
              "the worker running the join tests dies of a segmentation fault signal",
              limits=({"tests": ["test_itertoolz.py::test_join",
                                 "test_itertoolz.py::test_join_missing_element"],
                       "limit": "kill", "value": 11},)),
        Cause("toolz-flaky-curry-timing", "toolz", "flaky", (
                  'toolz.tests.test_functoolz::test_curry_simple',),
              "a curry test times its own setup, slow on a fresh checkout",
              patches=(flaky_timing("toolz/tests/test_functoolz.py", "def test_curry_simple():\n",
                                    "curry"),)),
        Cause("toolz-flaky-groupby-race", "toolz", "flaky", (
                  'toolz.tests.test_itertoolz::test_groupby',),
              "a groupby test reads a result of a background thread before it is ready",
              patches=(flaky_race("toolz/tests/test_itertoolz.py", "def test_groupby():\n",
                                  "groupby"),)),
    ]


def _boltons() -> list[Cause]:
    return [
        Cause("boltons-strip-ansi-decode", "boltons", "product_bug", (
                  'tests.test_strutils::test_strip_ansi',),
              "strip_ansi decodes text that is already str (AttributeError in boltons)",
              patches=(Patch(BT + "strutils.py", "    target_type = None\n",
                             "    target_type = None\n"
                             "    text = text.decode('ascii') if isinstance(text, str) "
                             "else text\n"),
                       )),
        Cause("boltons-parse-int-list-index", "boltons", "product_bug", (
                  'tests.test_strutils::test_parse_int_list',),
              "parse_int_list indexes past the split of a range (IndexError in boltons)",
              patches=(Patch(BT + "strutils.py",
                             "range_limits = list(map(int, x.split(range_delim)))",
                             "range_limits = list(map(int, x.split(range_delim)[1:3][2]))"),)),
        Cause("boltons-cachedproperty-call", "boltons", "product_bug", (
                  'tests.test_cacheutils::test_cachedproperty',),
              "cachedproperty calls the wrapped getter with an extra argument (TypeError)",
              patches=(Patch(BT + "cacheutils.py",
                             "value = obj.__dict__[self.func.__name__] = self.func(obj)",
                             "value = obj.__dict__[self.func.__name__] = self.func(obj, self)"),
                       )),
        Cause("boltons-clamp-swapped", "boltons", "wrong_behaviour", (
                  'tests.test_mathutils::test_clamp_examples',
                  'tests.test_mathutils::test_clamp_transparent',),
              "clamp applies its bounds in the wrong order",
              patches=(Patch(BT + "mathutils.py", "return min(max(x, lower), upper)",
                             "return max(min(x, upper), lower) if x < upper else lower"),)),
        Cause("boltons-ceil-bisect-right", "boltons", "wrong_behaviour", (
                  'tests.test_mathutils::test_ceil_basic',),
              "ceil skips an option equal to the value",
              patches=(Patch(BT + "mathutils.py",
                             "    i = bisect.bisect_left(options, x)\n    if i == len(options):\n"
                             "        raise ValueError(\"no ceil",
                             "    i = bisect.bisect_right(options, x)\n    if i == len(options):\n"
                             "        raise ValueError(\"no ceil"),)),
        Cause("boltons-daterange-double-step", "boltons", "wrong_behaviour", (
                  'tests.test_timeutils::test_daterange_infinite',),
              "daterange adds its day step twice",
              patches=(Patch(BT + "timeutils.py", "        now = now + d_step\n    return",
                             "        now = now + d_step + d_step\n    return"),)),
        Cause("boltons-queue-cull-loop", "boltons", "hang", (
                  'tests.test_queueutils::test_heap_queue',
                  'tests.test_queueutils::test_sorted_queue',),
              "the priority queue's cull loop stops removing tombstones and spins forever",
              patches=(Patch(BT + "queueutils.py",
                             "            if task is _REMOVED:\n"
                             "                self._pop_entry(self._pq)\n                continue",
                             "            if task is _REMOVED:\n                continue"),)),
        Cause("boltons-lru-plain-lock", "boltons", "hang", (
                  'tests.test_cacheutils::test_lri',
                  'tests.test_cacheutils::test_lru_basic',),
              "the LRU cache guards itself with a non-reentrant lock it takes twice",
              patches=(Patch(BT + "cacheutils.py", "self._lock = RLock()",
                             "self._lock = __import__('threading').Lock()"),)),
        Cause("boltons-gcutils-objgraph", "boltons", "missing_dependency", (
                  '::tests.test_gcutils',),
              "gcutils now imports the optional objgraph package, not installed",
              patches=(Patch(BT + "gcutils.py", "import gc\n", "import gc\nimport objgraph\n"),)),
        Cause("boltons-asciify-collections-mapping", "boltons", "missing_dependency", (
                  'tests.test_strutils::test_asciify',),
              "asciify imports Mapping from collections, gone from the installed Python",
              patches=(Patch(BT + "strutils.py", "def asciify(text, ignore=False):\n",
                             "def asciify(text, ignore=False):\n"
                             "    from collections import Mapping  # noqa\n"),)),
        Cause("boltons-jsonl-data-missing", "boltons", "test_harness", (
                  'tests.test_jsonutils::test_jsonl_iterator',),
              "the JSON-lines test data file is missing from the checkout",
              patches=(Patch("tests/jsonl_test_data.txt", None, None),)),
        Cause("boltons-table-fixture-missing", "boltons", "test_harness", (
                  'tests.test_tableutils::test_table_dicts',
                  'tests.test_tableutils::test_table_lists',),
              "two table tests ask for a fixture that no conftest defines",
              patches=(Patch("tests/test_tableutils.py", "def test_table_lists():",
                             "def test_table_lists(table_rows):"),
                       Patch("tests/test_tableutils.py", "def test_table_dicts():",
                             "def test_table_dicts(table_rows):"))),
        Cause("boltons-strutils-helper-typo", "boltons", "test_harness", (
                  'tests.test_strutils::test_format_int_list',),
              "the int-list format test calls a helper under a misspelt name",
              patches=(Patch("tests/test_strutils.py", "def test_format_int_list():\n",
                             "def test_format_int_list():\n"
                             "    strutils.format_int_lsit([1])\n"),)),
        Cause("boltons-socket-fd-limit", "boltons", "infrastructure", (
                  'tests.test_socketutils::test_buffers',
                  'tests.test_socketutils::test_short_lines',
                  'tests.test_socketutils::test_split_delim',),
              "the machine's open-files limit is exhausted while socket tests run",
              limits=({"tests": ["test_socketutils.py::test_short_lines",
                                 "test_socketutils.py::test_buffers",
                                 "test_socketutils.py::test_split_delim"],
                       "limit": "nofile", "value": 6},)),
        Cause("boltons-tmp-read-only", "boltons", "infrastructure", (
                  'tests.test_ioutils.TestSpooledBytesIO::test_getvalue_rollover',
                  'tests.test_ioutils.TestSpooledBytesIO::test_truncate_noargs_rollover',
                  'tests.test_ioutils.TestSpooledStringIO::test_getvalue_rollover',),
              "the temporary volume is mounted read-only while spooled-file tests roll over",
              volume="ro",
              limits=({"tests": ["TestSpooledBytesIO::test_getvalue_rollover",
                                 "TestSpooledBytesIO::test_truncate_noargs_rollover",
                                 "TestSpooledStringIO::test_getvalue_rollover"],
                       "limit": "tmpdir", "value": "{volume_boltons-tmp-read-only}"},)),
        Cause("boltons-tmp-disk-full", "boltons", "infrastructure", (
                  'tests.test_ioutils.TestSpooledBytesIO::test_truncate_with_args_rollover',
                  'tests.test_ioutils.TestSpooledStringIO::test_truncate_with_args_rollover',),
              "the temporary volume is full while spooled-file tests roll over",
              volume="full",
              limits=({"tests": ["TestSpooledBytesIO::test_truncate_with_args_rollover",
                                 "TestSpooledStringIO::test_truncate_with_args_rollover",
                                 "TestSpooledStringIO::test_set_softspace_attribute_rolled"],
                       "limit": "tmpdir", "value": "{volume_boltons-tmp-disk-full}"},)),
        Cause("boltons-worker-killed", "boltons", "infrastructure", (
                  'tests.test_cacheutils::test_threshold_counter',),
              "a worker is killed by SIGKILL while it runs a cacheutils test",
              limits=({"tests": ["test_cacheutils.py::test_threshold_counter"],
                       "limit": "kill", "value": 9},)),
        Cause("boltons-flaky-bits-timing", "boltons", "flaky", (
                  'tests.test_mathutils::test_bits',),
              "a mathutils test times its own setup, slow on a fresh checkout",
              patches=(flaky_timing("tests/test_mathutils.py", "def test_bits():\n", "bits"),)),
        Cause("boltons-flaky-table-race", "boltons", "flaky", (
                  'tests.test_tableutils::test_table_obj',),
              "a tableutils test reads what a background thread has not produced yet",
              patches=(flaky_race("tests/test_tableutils.py", "def test_table_obj():\n",
                                  "table"),)),
    ]


def _rule(kind: str, path: str, **fault: Any) -> dict[str, Any]:
    return {"kind": kind, "path": path, **fault}


HOLD_ARCHIVE = (
    "import sqlite3, time\n"
    "c = sqlite3.connect({FERRY_ARCHIVE!r}, isolation_level=None)\n"
    "c.execute('CREATE TABLE IF NOT EXISTS manifests (name TEXT NOT NULL, "
    "version INTEGER NOT NULL, "
    "body TEXT NOT NULL, PRIMARY KEY (name, version))')\n"
    "c.execute('BEGIN EXCLUSIVE')\n"
    "time.sleep(600)\n"
)
OPERATOR_URLS = ",".join(
    f"{op}=http://127.0.0.1:{{operators_port}}"
    for op in ("northlink", "calmac", "orkney", "western")
) + ",pentland=http://ferry-pentland.invalid:8080"


def _ferrytimes() -> list[Cause]:
    job = "ferrytimes"
    return [
        Cause("ft-redis-password-rotated", job, "credentials_refused", (
                  'tests.test_cache::test_hit_skips_render',
                  'tests.test_cache::test_invalidate',
                  'tests.test_cache::test_miss_renders_and_stores',
                  'tests.test_cache::test_publish_lock_exclusive',
                  'tests.test_cache::test_ttl_set',
                  'tests.test_cache::test_version_increments',),
              "the cache's Redis password was rotated, the service still sends the old one",
              env={"FERRY_REDIS_URL": "redis://:tide-tables-15@127.0.0.1:{redis_port}/0"}),
        Cause("ft-publisher-role-password", job, "credentials_refused", (
                  'tests.test_publisher::test_write_and_archive',
                  'tests.test_timetable::test_record_publication',),
              "the publisher database role's password was changed on the server",
              sql=("ALTER ROLE ferry_publisher PASSWORD 'rotated-2026-06'",)),
        Cause("ft-planner-token-revoked", job, "credentials_refused", (
                  'tests.test_publisher::test_push_to_planner_accepts_all',),
              "the journey planner revoked the token for the day feed (401)",
              rules=(_rule("planner", "/v1/feeds/day", status=401,
                           body={"error": "token revoked", "realm": "feeds"}),)),
        Cause("ft-berths-token-expired", job, "credentials_refused", (
                  'tests.test_berths::test_free_berths_kirkwall',),
              "the port authority refuses the token for Kirkwall as expired (403)",
              rules=(_rule("berths", "/v1/berths/KIRKWALL", status=403,
                           body={"error": "access token expired", "port": "KIRKWALL"}),)),
        Cause("ft-replica-unreachable", job, "database_unavailable", (
                  'tests.test_reports::test_busiest_port',
                  'tests.test_reports::test_cancellation_rate',
                  'tests.test_reports::test_capacity_by_route',
                  'tests.test_reports::test_publications_listed',
                  'tests.test_reports::test_report_role_read_only',),
              "the reporting replica is down: its port refuses connections",
              env={"FERRY_REPLICA_PORT": "{closed_port}"}),
        Cause("ft-pricing-connection-limit", job, "database_unavailable", (
                  'tests.test_timetable::test_fares_of_route',
                  'tests.test_timetable::test_set_fare_updates',),
              "the pricing role's connection limit is exhausted (set to zero)",
              sql=("ALTER ROLE ferry_pricing CONNECTION LIMIT 0",)),
        Cause("ft-archive-locked", job, "database_unavailable", (
                  'tests.test_archive::test_names_separate',
                  'tests.test_archive::test_versions_increase',),
              "another process holds an exclusive lock on the shared SQLite archive",
              hold=HOLD_ARCHIVE),
        Cause("ft-berths-migration-missing", job, "schema_drift", (
                  'tests.test_berths::test_berth_booking_recorded',
                  'tests.test_timetable::test_assign_berth_recorded',
                  'tests.test_timetable::test_migrations_recorded',),
              "the berth column's migration was left out of the release",
              patches=(Patch(FT + "migrations/004_berths.sql", None, None),)),
        Cause("ft-tonnage-column-renamed", job, "schema_drift", (
                  'tests.test_vessels::test_largest_by_tonnage',
                  'tests.test_vessels::test_tonnage_listed',),
              "a manual change renamed vessels.gross_tonnage on the server",
              sql=("ALTER TABLE vessels RENAME COLUMN gross_tonnage TO tonnage_gt",)),
        Cause("ft-drydock-reason-unmigrated", job, "schema_drift", (
                  'tests.test_vessels::test_drydock_blocks_availability',
                  'tests.test_vessels::test_drydock_unknown_vessel_refused',
                  'tests.test_vessels::test_drydock_yards_in_order',),
              "dry-dock code writes a reason column whose migration was never written",
              patches=(Patch(FT + "vessels.py",
                             '"INSERT INTO drydock (vessel, starts, ends, yard) '
                             'VALUES (%s, %s, %s, %s)",\n'
                             "                 (vessel, starts, ends, yard))",
                             '"INSERT INTO drydock (vessel, starts, ends, yard, reason) "\n'
                             '                 "VALUES (%s, %s, %s, %s, %s)", '
                             '(vessel, starts, ends, yard, '
                             '"survey"))'),)),
        Cause("ft-imo-prefix-kept", job, "integrity_violation", (
                  'tests.test_vessels::test_imo_unique',
                  'tests.test_vessels::test_register_vessel',),
              "vessel registration stores the IMO number with its prefix, breaking the check",
              patches=(Patch(FT + "vessels.py", 'number = imo.upper().removeprefix("IMO").strip()',
                             "number = imo.strip()"),)),
        Cause("ft-cancel-status-spelling", job, "integrity_violation", (
                  'tests.test_timetable::test_cancelled_hidden_by_default',),
              "cancelling writes a status value the table's check does not allow",
              patches=(Patch(FT + "timetable.py", "SET status = 'cancelled' WHERE id",
                             "SET status = 'canceled' WHERE id"),)),
        Cause("ft-western-duplicate-sailing", job, "integrity_violation", (
                  'tests.test_operators::test_schedule_import_to_db',),
              "the western operator's schedule repeats a sailing; importing it breaks the "
              "unique departure constraint",
              rules=(_rule("operators", "/v1/operators/western/schedule",
                           patch={"list": "sailings", "repeat_first": True}),)),
        Cause("ft-weather-minch-slow", job, "slow_upstream", (
                  'tests.test_weather::test_forecast_minch',),
              "the met service takes seconds to answer for the Minch",
              rules=(_rule("weather", "/v1/sea-state/MINCH", delay=2.5),)),
        Cause("ft-calmac-schedule-slow", job, "slow_upstream", (
                  'tests.test_operators::test_schedule_calmac',),
              "the calmac schedule endpoint answers after the client's timeout",
              rules=(_rule("operators", "/v1/operators/calmac", delay=2.5),)),
        Cause("ft-planner-short-slow", job, "slow_upstream", (
                  'tests.test_publisher::test_push_single_batch',),
              "the journey planner is slow to accept the short feed",
              rules=(_rule("planner", "/v1/feeds/short", delay=2.5),)),
        Cause("ft-scrabster-booking-slow", job, "slow_upstream", (
                  'tests.test_berths::test_book_berth_scrabster',),
              "berth bookings at Scrabster answer after the client's timeout",
              rules=(_rule("berths", "/v1/berths/SCRABSTR/bookings", delay=2.5),)),
        Cause("ft-pentland-unknown-host", job, "upstream_unreachable", (
                  'tests.test_operators::test_schedule_pentland',),
              "the pentland operator's address points at a host name that does not resolve",
              env={"FERRY_OPERATOR_URLS": OPERATOR_URLS}),
        Cause("ft-hebrides-connection-reset", job, "upstream_unreachable", (
                  'tests.test_weather::test_forecast_hebrides',),
              "the met service resets connections for the Hebrides forecast",
              rules=(_rule("weather", "/v1/sea-state/HEBRIDES", reset=True),)),
        Cause("ft-planner-pair-reset", job, "upstream_unreachable", (
                  'tests.test_publisher::test_push_two_batches',),
              "the journey planner drops the connection for the two-batch feed",
              rules=(_rule("planner", "/v1/feeds/pair", reset=True),)),
        Cause("ft-fairisle-503", job, "upstream_5xx", (
                  'tests.test_weather::test_forecast_fair_isle',),
              "the met service answers 503 for Fair Isle",
              rules=(_rule("weather", "/v1/sea-state/FAIRISLE", status=503,
                           body={"error": "forecast model run in progress"}),)),
        Cause("ft-stromness-booking-502", job, "upstream_5xx", (
                  'tests.test_berths::test_book_berth_reference',),
              "the port authority's gateway answers 502 for Stromness bookings",
              rules=(_rule("berths", "/v1/berths/STROMNESS/bookings", status=502,
                           body={"error": "bad gateway"}),)),
        Cause("ft-northlink-500", job, "upstream_5xx", (
                  'tests.test_operators::test_schedule_northlink',),
              "the northlink schedule endpoint fails with 500",
              rules=(_rule("operators", "/v1/operators/northlink", status=500,
                           body={"error": "internal error", "trace": "NullReference"}),)),
        Cause("ft-aberdeen-504", job, "upstream_5xx", (
                  'tests.test_berths::test_free_berths_aberdeen',),
              "the port authority's proxy times out upstream for Aberdeen (504)",
              rules=(_rule("berths", "/v1/berths/ABERDEEN", status=504,
                           body={"error": "gateway timeout"}),)),
        Cause("ft-orkney-status-enum", job, "data_contract", (
                  'tests.test_operators::test_schedule_orkney',),
              "the orkney operator sends a sailing status outside the agreed values",
              rules=(_rule("operators", "/v1/operators/orkney",
                           patch={"list": "sailings", "set": {"status": "delayed"}}),)),
        Cause("ft-lerwick-berth-field-missing", job, "data_contract", (
                  'tests.test_berths::test_free_berths_lerwick',),
              "Lerwick's berths come without their free_to field",
              rules=(_rule("berths", "/v1/berths/LERWICK",
                           patch={"list": "berths", "drop": ["free_to"]}),)),
        Cause("ft-malin-wave-text", job, "data_contract", (
                  'tests.test_weather::test_forecast_malin',),
              "the Malin forecast gives the wave height as text",
              rules=(_rule("weather", "/v1/sea-state/MALIN",
                           patch={"set": {"wave_height_m": "moderate"}}),)),
        Cause("ft-rockall-wind-missing", job, "data_contract", (
                  'tests.test_weather::test_gale_area_cancels',),
              "the Rockall gale forecast lacks the wind speed",
              rules=(_rule("weather", "/v1/sea-state/GALE-ROCKALL", patch={"drop": ["wind_kt"]}),)),
        Cause("ft-infant-fare-lookup", job, "product_bug", (
                  'tests.test_fares::test_infant_free',),
              "quotes look up an infant fare that routes do not have (KeyError)",
              patches=(Patch(FT + "fares.py", "    total += round(counts.get(\"child\", 0)",
                             "    if counts.get(\"infant\"):\n"
                             "        total += counts[\"infant\"] * fares[\"infant\"]\n"
                             "    total += round(counts.get(\"child\", 0)"),)),
        Cause("ft-archive-latest-column", job, "product_bug", (
                  'tests.test_archive::test_latest_newest',),
              "the archive reads the newest manifest from a column its query does not select",
              patches=(Patch(FT + "archive.py", "else dict(json.loads(row[0]))",
                             "else dict(json.loads(row[1]))"),)),
        Cause("ft-child-share", job, "wrong_behaviour", (
                  'tests.test_fares::test_child_half_price',),
              "children are charged 60% of the adult fare",
              patches=(Patch(FT + "fares.py", "CHILD_SHARE = 0.5", "CHILD_SHARE = 0.6"),)),
        Cause("ft-group-size", job, "wrong_behaviour", (
                  'tests.test_fares::test_group_discount',),
              "the group discount starts at eleven travellers",
              patches=(Patch(FT + "fares.py", "GROUP_SIZE = 10", "GROUP_SIZE = 11"),)),
        Cause("ft-compress-wait-loop", job, "hang", (
                  'tests.test_publisher::test_compress_feed',
                  'tests.test_publisher::test_publish_day',),
              "compress waits for an output file under the wrong name, forever",
              patches=(Patch(FT + "publisher.py",
                             '    return path.with_name(path.name + ".gz")',
                             '    while not path.with_name(path.name + ".gzip").exists():\n'
                             "        time.sleep(0.05)\n"
                             '    return path.with_name(path.name + ".gz")'),
                       Patch(FT + "publisher.py", "import threading\n",
                             "import threading\nimport time\n"))),
        Cause("ft-toolz-valmap-factory", job, "missing_dependency", (
                  'tests.test_fares::test_in_pounds_format',),
              "fare formatting imports a toolz helper the installed toolz does not have",
              patches=(Patch(FT + "fares.py", '    return valmap(lambda pence:',
                             "    from toolz.dicttoolz import valmap_factory  # noqa: F401\n"
                             "    return valmap(lambda pence:"),)),
        Cause("ft-operator-test-data-broken", job, "test_harness", (
                  'tests.test_operators::test_validate_arrives_before',
                  'tests.test_operators::test_validate_bad_status',),
              "the operators tests' sample sailing lost its vessel field",
              patches=(Patch("tests/test_operators.py", '        "vessel": "MV Loch Seaforth", '
                             '"capacity": 700}', '        "capacity": 700}'),)),
        Cause("ft-feed-volume-full", job, "infrastructure", (
                  'tests.test_feed::test_manifest_counts',
                  'tests.test_feed::test_read_back',
                  'tests.test_feed::test_read_detects_tamper',
                  'tests.test_feed::test_slug_name',
                  'tests.test_feed::test_write_feed_files',),
              "the feed volume is full",
              volume="full", env={"FERRY_FEED_DIR": "{volume_ft-feed-volume-full}"}),
        Cause("ft-flaky-decision-timing", job, "flaky", (
                  'tests.test_weather::test_decision_sail',),
              "a sailing-decision test times its own setup, slow on a fresh checkout",
              patches=(flaky_timing("tests/test_weather.py", "def test_decision_sail() -> None:\n",
                                    "decision"),)),
    ]


CAUSES: list[Cause] = [*_toolz(), *_boltons(), *_ferrytimes()]
