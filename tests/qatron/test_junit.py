"""The JUnit XML reader on the files of real runners.

pytest's file is written by pytest itself in each test. ``junit_files/`` holds the
others: ``node.xml`` from Node 20's test runner on ``cart.test.mjs``, ``surefire.xml``
from Maven Surefire 3.2.5 on ``MoneyTest.java`` (see its first lines), and
``gotestsum.xml`` and ``jest-junit.xml`` written by hand in the layout gotestsum's and
jest-junit's sources produce (default options; gotestsum with ``--rerun-fails``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qatron.errors import ConfigError
from qatron.junit import JunitVerdict, junit_nodeid, read_cases, read_junit
from qatron.models import Outcome, TestResult

FILES = Path(__file__).parent / "junit_files"

PYTEST_MODULE = """
import pytest


@pytest.fixture
def broken():
    yield
    raise RuntimeError("teardown boom")


@pytest.fixture
def database():
    raise ConnectionError("refused")


class TestA:
    def test_ok(self):
        pass

    def test_fail(self, broken):
        assert 1 == 2

    def test_setup(self, database):
        pass

    @pytest.mark.parametrize("x", ["a::b", 2])
    def test_p(self, x):
        pass


def test_skip():
    pytest.skip("nope")


@pytest.mark.xfail(reason="known")
def test_xf():
    assert False


def test_out(record_property):
    record_property("ticket", "SHOP-12")
    print("hello")
"""


def by_nodeid(results: list[TestResult]) -> dict[str, TestResult]:
    return {result.nodeid: result for result in results}


def run_pytest(project: Path, family: str) -> Path:
    """pytest's own JUnit XML of PYTEST_MODULE (and a module that fails to import)."""
    (project / "tests").mkdir()
    (project / "tests" / "test_demo.py").write_text(textwrap.dedent(PYTEST_MODULE))
    (project / "tests" / "test_broken.py").write_text("import no_such_module\n")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:locust",
               "-p", "no:qatron", "-o", "junit_logging=system-out", "-o", f"junit_family={family}",
               "--continue-on-collection-errors", "--junitxml=out.xml", "tests"]
    subprocess.run(command, cwd=project, capture_output=True, check=False, timeout=120)
    return project / "out.xml"


@pytest.mark.parametrize("family", ["xunit1", "xunit2"])
def test_reads_pytest_own_junit_xml(tmp_path: Path, family: str) -> None:
    results = by_nodeid(read_junit(run_pytest(tmp_path, family)))
    assert {nodeid: r.outcome for nodeid, r in results.items()} == {
        "tests/test_broken.py": Outcome.ERROR,  # the collection error is its module
        "tests/test_demo.py::TestA::test_ok": Outcome.PASSED,
        "tests/test_demo.py::TestA::test_fail": Outcome.ERROR,  # failed, then teardown error
        "tests/test_demo.py::TestA::test_setup": Outcome.ERROR,
        "tests/test_demo.py::TestA::test_p[a::b]": Outcome.PASSED,
        "tests/test_demo.py::TestA::test_p[2]": Outcome.PASSED,
        "tests/test_demo.py::test_skip": Outcome.SKIPPED,
        "tests/test_demo.py::test_xf": Outcome.XFAILED,
        "tests/test_demo.py::test_out": Outcome.PASSED,
    }
    merged = results["tests/test_demo.py::TestA::test_fail"]
    assert merged.message == 'failed on teardown with "RuntimeError: teardown boom"'
    assert results["tests/test_demo.py::TestA::test_setup"].message == \
        'failed on setup with "ConnectionError: refused"'
    assert results["tests/test_broken.py"].message == "collection failure"
    assert "no_such_module" in results["tests/test_broken.py"].traceback
    assert results["tests/test_demo.py::test_skip"].message == "nope"
    assert results["tests/test_demo.py::test_xf"].message == "known"
    assert "hello" in results["tests/test_demo.py::test_out"].output_tail


def test_pytest_cases_keep_file_line_and_properties(tmp_path: Path) -> None:
    cases = {case.name: case for case in read_cases(run_pytest(tmp_path, "xunit1"))}
    out = cases["test_out"]
    assert (out.classname, out.file, out.suites) == ("tests.test_demo", "tests/test_demo.py",
                                                     ("pytest",))
    assert out.line is not None and out.line > cases["test_xf"].line  # as pytest counts lines
    assert out.properties == {"ticket": "SHOP-12"}
    assert out.system_out.splitlines()[-1] == "hello"


def test_reads_node_test_runner(tmp_path: Path) -> None:
    results = read_junit(FILES / "node.xml")
    assert [(r.nodeid, r.outcome) for r in results] == [
        ("Cart::adds an item", Outcome.PASSED),
        ("Cart::removes an item", Outcome.FAILED),
        ("Cart::pending", Outcome.SKIPPED),
        ("Cart::totals::sums <prices> & VAT", Outcome.PASSED),  # classname="test" says nothing:
        ("Checkout::totals::sums <prices> & VAT", Outcome.PASSED),  # the suites tell them apart
        ("throws", Outcome.FAILED),
        ("todo thing", Outcome.SKIPPED),
    ]
    removed, thrown = results[1], results[5]
    assert removed.message == "one item left2 !== 1"  # a runner's label type is no prefix
    assert "cart.test.mjs:7:40" in removed.traceback
    assert thrown.message == "cart is undefined"
    assert "TypeError [Error]: cart is undefined" in thrown.traceback
    assert results[2].message == "not yet"
    assert 0 < removed.duration < 1


def test_reads_maven_surefire_with_reruns() -> None:
    results = by_nodeid(read_junit(FILES / "surefire.xml"))
    assert {nodeid: (r.outcome, r.attempts, r.flaky) for nodeid, r in results.items()} == {
        "com.example.MoneyTest::parses": (Outcome.ERROR, 3, False),
        "com.example.MoneyTest::rounds": (Outcome.SKIPPED, 1, False),
        "com.example.MoneyTest::converts": (Outcome.PASSED, 2, True),
        "com.example.MoneyTest::adds": (Outcome.PASSED, 1, False),
        "com.example.MoneyTest::divides": (Outcome.FAILED, 3, False),
    }
    divides = results["com.example.MoneyTest::divides"]
    assert divides.message == "AssertionFailedError: 10 / 4 ==> expected: <2> but was: <3>"
    assert divides.traceback.startswith("org.opentest4j.AssertionFailedError: 10 / 4")
    assert divides.output_tail == "dividing 10 by 4"
    assert results["com.example.MoneyTest::parses"].message == \
        'NullPointerException: Cannot invoke "String.length()" because "amount" is null'
    converts = results["com.example.MoneyTest::converts"]
    assert converts.message == \
        "passed on attempt 2; attempt 1: IllegalStateException: rates service answered 503"
    assert converts.traceback.startswith("java.lang.IllegalStateException: rates service")
    assert results["com.example.MoneyTest::rounds"].message == "rounding rules not decided"
    (first, *_) = read_cases(FILES / "surefire.xml")
    assert first.properties["java.version"] == "17.0.15"
    assert [rerun.tag for rerun in first.reruns] == ["rerunError", "rerunError"]


def test_reads_gotestsum_with_a_rerun() -> None:
    results = by_nodeid(read_junit(FILES / "gotestsum.xml"))
    assert {nodeid: r.outcome for nodeid, r in results.items()} == {
        "example.com/shop/cart::TestRemove": Outcome.FAILED,
        "example.com/shop/cart::TestCheckout": Outcome.PASSED,
        "example.com/shop/cart::TestSkipOnCI": Outcome.SKIPPED,
        "example.com/shop/cart::TestAdd": Outcome.PASSED,
        "example.com/shop/cart::TestTotals/empty_cart": Outcome.PASSED,
        "example.com/shop/cart::TestTotals": Outcome.PASSED,
        "example.com/shop/orders::TestMain": Outcome.FAILED,  # no classname: its package
    }
    rerun = results["example.com/shop/cart::TestCheckout"]  # failed, then passed on its rerun
    assert (rerun.flaky, rerun.attempts, rerun.duration) == (True, 2, 0.02)
    assert rerun.message == "passed on attempt 2; attempt 1: Failed"
    assert "connect: connection refused" in rerun.traceback
    assert "cart_test.go:21: items: got 2, want 1" in \
        results["example.com/shop/cart::TestRemove"].traceback
    assert "needs a browser" in results["example.com/shop/cart::TestSkipOnCI"].message
    assert read_cases(FILES / "gotestsum.xml")[0].properties == \
        {"go.version": "go1.22.5 linux/amd64"}


def test_reads_jest_junit() -> None:
    results = read_junit(FILES / "jest-junit.xml")
    assert [(r.nodeid, r.outcome) for r in results] == [
        ("Cart::Cart adds an item", Outcome.PASSED),
        ("Cart::Cart totals sums prices & VAT", Outcome.FAILED),
        ("Cart::Cart totals is zero when empty", Outcome.PASSED),
        ("Cart::Cart pending", Outcome.SKIPPED),
        ("Test suite failed to run::src/broken.test.js", Outcome.ERROR),
    ]
    failed = results[1]
    assert failed.message == "Error: expect(received).toBe(expected) // Object.is equality"
    assert failed.traceback.endswith("(node:net:1555:16)")  # both failure messages
    assert "src/cart.test.js:18:31" in failed.traceback
    assert "Cannot find module './missing'" in results[4].traceback


def test_reads_nested_suites_a_bare_testsuite_and_odd_times(tmp_path: Path) -> None:
    nested = tmp_path / "nested.xml"
    nested.write_text(
        '<testsuites><testsuite name="outer" file="spec/a_spec.rb">'
        '<properties><property name="seed" value="42"/></properties>'
        '<testsuite name="inner"><testcase classname="A" name="works" time="1,234.5"/>'
        '<testcase classname="A" name="breaks" line="12" time="soon">'
        '<properties><property name="seed" value="7"/></properties>'
        '<error message="boom" type="Error"/></testcase>'
        "</testsuite></testsuite></testsuites>"
    )
    bare = tmp_path / "bare.xml"
    bare.write_text(
        '<testsuite name="com.example.MoneyTest" tests="1">'
        '<testcase classname="com.example.MoneyTest" name="testAdd" time="0.01"/></testsuite>'
    )
    works, breaks = read_junit(nested)
    assert (works.nodeid, works.outcome, works.duration) == \
        ("spec/a_spec.rb::A::works", Outcome.PASSED, 1234.5)
    assert (breaks.nodeid, breaks.outcome, breaks.duration) == \
        ("spec/a_spec.rb::A::breaks", Outcome.ERROR, 0.0)
    assert breaks.message == "Error: boom"
    case = read_cases(nested)[1]
    assert (case.suites, case.line, case.properties) == (("outer", "inner"), 12, {"seed": "7"})
    assert case.verdict == JunitVerdict("error", "boom", "Error", "")
    assert [r.nodeid for r in read_junit(bare)] == ["com.example.MoneyTest::testAdd"]


def test_qatron_notes_give_flaky_and_attempts(tmp_path: Path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text(
        '<testsuite name="s"><testcase classname="tests.test_a" name="test_f">'
        "<system-out>[qatron] flaky: passed on attempt 2\nattempt 1: 503</system-out>"
        '</testcase><testcase classname="tests.test_a" name="test_g">'
        '<failure message="boom"/><system-out>[qatron] attempts: 3</system-out>'
        "</testcase></testsuite>")
    flaky, failed = read_junit(path)
    assert (flaky.flaky, flaky.attempts, flaky.output_tail) == (True, 2, "attempt 1: 503")
    assert (failed.flaky, failed.attempts, failed.output_tail) == (False, 3, "")


MODULE_TEST = "tests/unit/test_money.py::TestAdd::test_x"


@pytest.mark.parametrize(
    ("classname", "name", "file", "suite", "expected"),
    [
        ("tests.unit.test_money.TestAdd", "test_x", None, "", MODULE_TEST),
        ("tests.unit.test_money.TestAdd", "test_x", "tests/unit/test_money.py", "", MODULE_TEST),
        ("tests.test_a", "test_b", None, "", "tests/test_a.py::test_b"),
        ("pkg.money_test", "test_c", None, "", "pkg/money_test.py::test_c"),
        ("", "tests.test_broken", None, "pytest", "tests/test_broken.py"),
        ("", "test_broken", "test_broken.py", "pytest", "test_broken.py"),
        ("com.example.MoneyTest", "testAdd", None, "", "com.example.MoneyTest::testAdd"),
        ("Cart adds", "Cart adds", None, "Cart", "Cart::Cart adds"),
        ("test", "adds", None, "Cart::totals", "Cart::totals::adds"),
        ("test", "adds", "test/cart.test.mjs", "Cart", "test/cart.test.mjs::Cart::adds"),
        ("", "TestMain", None, "example.com/shop", "example.com/shop::TestMain"),
        ("", "lonely", None, "", "lonely"),
    ],
)
def test_junit_nodeid(classname: str, name: str, file: str | None, suite: str,
                      expected: str) -> None:
    assert junit_nodeid(classname, name, file, suite) == expected


def entity_bomb(path: Path, cases: int = 20) -> Path:
    """Small XML whose one entity, used 5000 times per test case, expands it 60-fold."""
    body = "".join(f'<testcase classname="t" name="test_{n}"><failure message="m">'
                   f'{"&a;" * 5000}</failure></testcase>' for n in range(cases))
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE testsuites [<!ENTITY a "{"x" * 190}">]>\n'
                    f'<testsuites><testsuite name="s">{body}</testsuite></testsuites>\n')
    return path


def test_a_doctype_is_refused_at_once_naming_the_file(tmp_path: Path) -> None:
    bomb = entity_bomb(tmp_path / "bomb.xml")
    started = time.monotonic()
    with pytest.raises(ConfigError, match=r"bomb\.xml: a <!DOCTYPE testsuites> declaration is "
                                          r"refused.*remove the DOCTYPE"):
        read_junit(bomb)
    assert time.monotonic() - started < 2
    external = tmp_path / "external.xml"
    external.write_text('<!DOCTYPE testsuite SYSTEM "http://127.0.0.1:9/junit.dtd">'
                        '<testsuite name="s"/>')
    with pytest.raises(ConfigError, match=r"external\.xml: a <!DOCTYPE testsuite> declaration"):
        read_cases(external)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (None, "no such file; give the path of a JUnit XML file"),
        ("<testsuite><testcase>", "not JUnit XML (no element found: line 1, column 21)"),
        ("<html>not junit</html>", "not JUnit XML (the root element is <html>, expected "
                                   "<testsuites> or <testsuite>)"),
    ],
)
def test_what_is_not_junit_xml_is_named(tmp_path: Path, content: str | None,
                                        error: str) -> None:
    path = tmp_path / "results.xml"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ConfigError) as raised:
        read_junit(path)
    assert str(raised.value) == f"{path}: {error}"


def test_an_empty_testsuites_has_no_results(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text('<?xml version="1.0"?><testsuites name="none"/>')
    assert read_junit(path) == []
