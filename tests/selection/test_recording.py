"""Per-test coverage recorded by real shard runs under coverage.py."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from qatron.models import Outcome
from qatron.pytest_runner import ShardSpec, TestCommand, collect_tests, execute_shard
from qatron.selection.coverage_map import AT_IMPORT, IMPORTING, CoverageMap, content_hash, is_test
from qatron.selection.recording import coverage_prefix, data_files, read_coverage
from tests.projects import write_project

SOURCE = '''\
"""Prices."""

RATE = 3  # module level: runs at import, for no test


def add(a, b):
    return a + b


def scale(value):
    doubled = value * 2
    return doubled * RATE


def unused():
    return "never called"


class Basket:
    def __init__(self):
        self.items = []

    def put(self, price):
        self.items.append(price)
        return self

    def total(self):
        return sum(self.items)


class Field:
    def __set_name__(self, owner, name):
        owner.fields = (*getattr(owner, "fields", ()), name)


class Order:
    price = Field()
'''

CONFTEST = '''\
import pytest

from shop_calc import Basket


@pytest.fixture
def basket():
    made = Basket()
    yield made
    made.items.clear()
'''

TESTS = '''\
import os
from pathlib import Path

import pytest

from shop_calc import add, scale


def test_add():
    assert add(1, 2) == 3


@pytest.mark.parametrize("value", [1, 2])
def test_scale(value):
    assert scale(value) == value * 6


class TestBasket:
    def test_put(self, basket):
        assert basket.put(2).items == [2]

    def test_total(self, basket):
        assert basket.put(2).put(3).total() == 5


def test_flaky():
    marker = Path(os.environ["FLAKY_MARKER"])
    if marker.exists():
        assert scale(1) == 6
    else:
        marker.write_text("failed once")
        assert add(2, 2) == 5
'''

T = "tests/test_calc.py::"
ADD, FLAKY, PUT, TOTAL = T + "test_add", T + "test_flaky", T + "TestBasket::test_put", \
    T + "TestBasket::test_total"
SCALE = {T + "test_scale[1]", T + "test_scale[2]"}


def at(source: str, *snippets: str) -> list[int]:
    """The line numbers of the lines containing each snippet (each must be unique)."""
    lines = source.splitlines()
    found = []
    for snippet in snippets:
        numbers = [n for n, line in enumerate(lines, 1) if snippet in line]
        assert len(numbers) == 1, snippet
        found += numbers
    return found


def expect(source: str, table: dict[tuple[str, ...], set[str]]) -> dict[int, set[str]]:
    return {line: tests for snippets, tests in table.items() for line in at(source, *snippets)}


def lines_of(cmap: CoverageMap, path: str) -> dict[int, set[str]]:
    """The lines some test ran, with those tests."""
    found = {line: {name for name in tests if is_test(name)}
             for line, tests in cmap.files[path].lines.items()}
    return {line: tests for line, tests in found.items() if tests}


def at_import(cmap: CoverageMap, path: str, name: str = AT_IMPORT) -> set[int]:
    """The lines run outside any test (``name``: the import of a test module)."""
    return {line for line, tests in cmap.files[path].lines.items() if name in tests}


@pytest.fixture
def app(tmp_path: Path) -> Path:
    return write_project(tmp_path / "app", "project: x\nsuites: {all: {}}\n", {
        "pytest.ini": "[pytest]\npythonpath = src\n",
        ".coveragerc": "[run]\nbranch = True\ndynamic_context = test_function\n",  # ignored
        "src/shop_calc.py": SOURCE,
        "tests/conftest.py": CONFTEST,
        "tests/test_calc.py": TESTS,
    })


def test_each_test_maps_to_the_lines_it_ran_across_reruns(app: Path, tmp_path: Path) -> None:
    coverage_dir = tmp_path / "run" / "coverage"
    command = TestCommand(app_dir=app, paths=["tests"], coverage_dir=coverage_dir,
                          env={"FLAKY_MARKER": str(tmp_path / "flaky-marker")})
    collection = collect_tests(command, tmp_path / "run")
    assert not coverage_dir.exists()  # collection is not measured
    result = execute_shard(ShardSpec(index=1, count=1, nodeids=collection.nodeids,
                                 run_dir=tmp_path / "run", command=command,
                                 rootdir=collection.rootdir, deadline=time.monotonic() + 120,
                                 retries=1))
    flaky = next(r for r in result.results if r.nodeid == FLAKY)
    assert (flaky.outcome, flaky.attempts, flaky.flaky) == (Outcome.PASSED, 2, True)
    files = data_files(coverage_dir)
    assert [f.name.split(".coverage.")[0] for f in files] == ["shard-1", "shard-1.retry-1"]

    cmap = read_coverage(files, app)
    assert cmap.tests == {ADD, FLAKY, PUT, TOTAL, *SCALE}
    assert set(cmap.files) == {"src/shop_calc.py", "tests/conftest.py", "tests/test_calc.py"}
    for path, recorded in cmap.files.items():
        assert recorded.content_hash == content_hash((app / path).read_bytes())
    # The flaky test ran add() on its first attempt and scale() on its rerun: both kept.
    # Module-level lines, and a function body Python calls while creating a class, ran
    # outside any test: the map keeps them, so a change there is known to affect importers.
    assert at_import(cmap, "src/shop_calc.py") == set(at(
        SOURCE, '"""Prices."""', "RATE = 3", "def add", "def scale", "def unused", "class Basket:",
        "def __init__", "def put", "def total", "class Field", "def __set_name__",
        "owner.fields =", "class Order", "price = Field()"))
    assert lines_of(cmap, "src/shop_calc.py") == expect(SOURCE, {
        ("return a + b",): {ADD, FLAKY},
        ("doubled = value * 2", "return doubled * RATE"): {*SCALE, FLAKY},
        ("self.items = []",): {PUT, TOTAL},
        ("self.items.append(price)", "return self"): {PUT, TOTAL},
        ("return sum(self.items)",): {TOTAL},
    })
    # The test module's own top-level lines ran while pytest imported it.
    assert at_import(cmap, "tests/test_calc.py", IMPORTING + "tests/test_calc.py") == set(at(
        TESTS, "import os", "from pathlib import Path", "import pytest",
        "from shop_calc import add, scale", "def test_add", '@pytest.mark.parametrize("value"',
        "def test_scale", "class TestBasket", "def test_put", "def test_total",
        "def test_flaky"))
    assert at_import(cmap, "tests/test_calc.py") == set()
    # Fixture setup and teardown count for the tests that use the fixture.
    assert lines_of(cmap, "tests/conftest.py") == expect(CONFTEST, {
        ("made = Basket()", "yield made", "made.items.clear()"): {PUT, TOTAL},
    })
    assert lines_of(cmap, "tests/test_calc.py") == expect(TESTS, {
        ("assert add(1, 2) == 3",): {ADD},
        ("assert scale(value) == value * 6",): SCALE,
        ("assert basket.put(2).items == [2]",): {PUT},
        ("assert basket.put(2).put(3).total() == 5",): {TOTAL},
        ('marker = Path(os.environ["FLAKY_MARKER"])', "if marker.exists():"): {FLAKY},
        ("assert scale(1) == 6", 'marker.write_text("failed once")', "assert add(2, 2) == 5"):
            {FLAKY},
    })
    # Lines shared by the same tests share one set.
    shop = cmap.files["src/shop_calc.py"].lines
    first, second = at(SOURCE, "doubled = value * 2", "return doubled * RATE")
    assert shop[first] is shop[second]


PROBE = '''\
import os
from pathlib import Path


def test_probe(request):
    plugin = request.config.pluginmanager.get_plugin("qatron-coverage-contexts")
    Path(os.environ["PROBE"]).write_text(str(plugin is not None))
'''


@pytest.mark.parametrize("measured", [False, True])
def test_contexts_plugin_only_under_coverage(tmp_path: Path, measured: bool) -> None:
    app = write_project(tmp_path / "app", "project: x\nsuites: {all: {}}\n",
                        {"tests/test_probe.py": PROBE})
    probe, coverage_dir = tmp_path / "probe", tmp_path / "coverage"
    command = TestCommand(app_dir=app, paths=["tests"], env={"PROBE": str(probe)},
                          coverage_dir=coverage_dir if measured else None)
    result = execute_shard(ShardSpec(index=1, count=1, nodeids=["tests/test_probe.py::test_probe"],
                                 run_dir=tmp_path / "run", command=command, rootdir=app,
                                 deadline=time.monotonic() + 60))
    assert [r.outcome for r in result.results] == [Outcome.PASSED]
    assert probe.read_text() == str(measured)
    assert coverage_dir.exists() is measured


def test_coverage_prefix() -> None:
    argv = coverage_prefix(Path("/runs/7/coverage/shard-1.coverage"), [Path("/a"), Path("/b")])
    assert argv == [sys.executable, "-m", "coverage", "run", "--rcfile=", "--branch",
                    "--data-file=/runs/7/coverage/shard-1.coverage", "--source=/a,/b",
                    "--parallel-mode", "-m", "pytest"]


def test_read_coverage_skips_unreadable_data_outside_files_and_deleted_files(
        app: Path, tmp_path: Path) -> None:
    coverage_dir = tmp_path / "coverage"
    command = TestCommand(app_dir=app, paths=["tests"], coverage_dir=coverage_dir,
                          env={"FLAKY_MARKER": str(tmp_path / "flaky-marker")})
    execute_shard(ShardSpec(index=1, count=1, nodeids=[ADD], run_dir=tmp_path / "run",
                        command=command, rootdir=app, deadline=time.monotonic() + 60))
    (coverage_dir / "shard-9.coverage.torn").write_bytes(b"not a database")
    (app / "tests" / "conftest.py").unlink()

    cmap = read_coverage(data_files(coverage_dir), app)
    assert cmap.tests == {ADD}
    assert set(cmap.files) == {"src/shop_calc.py", "tests/test_calc.py"}
    assert read_coverage(data_files(coverage_dir), app / "src").files.keys() == {"shop_calc.py"}
    assert read_coverage([], app) == CoverageMap()


def test_a_shard_stopped_at_the_deadline_keeps_the_finished_tests(tmp_path: Path) -> None:
    app = write_project(tmp_path / "app", "project: x\nsuites: {all: {}}\n", {
        "pytest.ini": "[pytest]\npythonpath = src\n",
        "src/shop_calc.py": SOURCE,
        "tests/test_slow.py": """\
            import time

            from shop_calc import add, scale


            def test_quick():
                assert add(1, 1) == 2


            def test_hangs():
                scale(1)
                time.sleep(120)
            """,
    })
    coverage_dir = tmp_path / "coverage"
    command = TestCommand(app_dir=app, paths=["tests"], coverage_dir=coverage_dir)
    nodeids = ["tests/test_slow.py::test_quick", "tests/test_slow.py::test_hangs"]
    result = execute_shard(ShardSpec(index=1, count=1, nodeids=nodeids, run_dir=tmp_path / "run",
                                 command=command, rootdir=app, deadline=time.monotonic() + 8))
    assert [r.outcome for r in result.results] == [Outcome.PASSED, Outcome.ERROR]

    cmap = read_coverage(data_files(coverage_dir), app)
    assert cmap.tests == {"tests/test_slow.py::test_quick"}  # the killed test claims nothing
    assert lines_of(cmap, "src/shop_calc.py") == {
        at(SOURCE, "return a + b")[0]: {"tests/test_slow.py::test_quick"}}
