"""Changed Python code: the coverage map where current, else the import graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron import pytest_plugin as plugin
from qatron.config import SelectionRules
from qatron.selection import Selection, select_tests
from qatron.selection.coverage_map import AT_IMPORT, IMPORTING
from tests.selection import Repo, coverage_of

PROCESSOR = '''\
"""Payments."""
from payment.money import Money

FEE = 2


class Processor:
    currency = "EUR"

    def charge(self, amount):
        total = amount + FEE
        return Money(total)

    def refund(self, amount):
        return Money(-amount)
'''
FILES = {
    "pyproject.toml": "[tool.pytest.ini_options]\npythonpath = ['src']\n",
    "src/payment/__init__.py": "",
    "src/payment/processor.py": PROCESSOR,
    "src/payment/money.py": "class Money(int):\n    pass\n\n\ndef add(a, b):\n    return a + b\n",
    "src/users/__init__.py": "",
    "src/users/accounts.py": "def create(name):\n    return {'name': name}\n",
    "tests/conftest.py": "import pytest\n",
    "tests/test_charge.py": "from payment.processor import Processor\n\n\ndef test_charge():\n"
                            "    assert Processor().charge(1) == 3\n\n\ndef test_other():\n"
                            "    assert True\n",
    "tests/test_refund.py": "from payment.processor import Processor\n\n\ndef test_refund():\n"
                            "    assert Processor().refund(1) == -1\n",
    "tests/test_money.py": "from payment.money import add\n\n\ndef test_add():\n"
                           "    assert add(1, 2) == 3\n",
    "tests/test_accounts.py": "from users.accounts import create\n\n\ndef test_create():\n"
                              "    assert create('a')\n",
    "tests/unit/conftest.py": "from payment import money\n",
    "tests/unit/test_unit.py": "def test_unit():\n    assert True\n",
}
TESTS = ["tests/test_charge.py::test_charge", "tests/test_charge.py::test_other",
         "tests/test_refund.py::test_refund", "tests/test_money.py::test_add",
         "tests/test_accounts.py::test_create", "tests/unit/test_unit.py::test_unit"]
IMPORTERS = ["tests/test_charge.py::test_charge", "tests/test_charge.py::test_other",
             "tests/test_refund.py::test_refund"]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo", FILES)


def processor_map(repo: Repo, tests: set[str] | None = None):
    return coverage_of(repo, "src/payment/processor.py", {
        11: {TESTS[0]}, 12: {TESTS[0]}, 15: {TESTS[2]}}, tests=tests or set(TESTS))


def select(repo: Repo, **options) -> Selection:
    return select_tests(repo.root, "HEAD", tests=TESTS, **options)


def reasons(selection: Selection) -> dict[str, list[str]]:
    return {test.nodeid: test.reasons for test in selection.selected}


def test_a_changed_function_selects_only_the_tests_that_ran_it(repo: Repo) -> None:
    cmap = processor_map(repo)
    repo.write({"src/payment/processor.py": PROCESSOR.replace("-amount", "0 - amount")})
    selection = select(repo, coverage=cmap)
    assert reasons(selection) == {TESTS[2]: [
        "ran lines 15–15 of src/payment/processor.py (Processor.refund) in run 7"]}
    assert (selection.skipped, selection.total) == (5, 6)
    assert selection.fallbacks == ["no run history yet: tests are ordered by the change alone"]


def test_without_a_map_the_import_graph_selects_the_importers(repo: Repo) -> None:
    repo.write({"src/payment/processor.py": PROCESSOR.replace("-amount", "0 - amount")})
    selection = select(repo)
    assert reasons(selection) == {t: ["imports src/payment/processor.py"] for t in IMPORTERS}
    assert selection.fallbacks[0] == ("no coverage map recorded for this application yet; "
                                      "used the import graph for changed Python files")


def test_computed_imports_defer_to_the_map_for_a_rebound_constant(repo: Repo) -> None:
    repo.commit("plugins", PLUGINS)
    cmap = processor_map(repo, tests={*TESTS, LOAD})
    repo.write({"src/payment/processor.py": PROCESSOR.replace("FEE = 2", "FEE = 3")})
    selection = select_tests(repo.root, "HEAD", tests=[*TESTS, LOAD], coverage=cmap)
    assert selection.nodeids() == [TESTS[0]]
    assert not any("computed name" in note for note in selection.fallbacks)


def test_a_constant_read_by_a_function_run_while_importing_selects_importers(
        repo: Repo) -> None:
    # charge() also ran while a module was imported: what it read then lives on in an
    # object no test is recorded as running, so the map cannot narrow the change.
    cmap = coverage_of(repo, "src/payment/processor.py", {
        11: {TESTS[0], AT_IMPORT}, 12: {TESTS[0]}, 15: {TESTS[2]}}, tests=set(TESTS))
    repo.write({"src/payment/processor.py": PROCESSOR.replace("FEE = 2", "FEE = 3")})
    assert select(repo, coverage=cmap).nodeids() == IMPORTERS


def test_a_constant_a_computed_importer_names_selects_its_importers(repo: Repo) -> None:
    # plugins.py could read FEE from a module it loads by name: the graph cannot tell.
    repo.commit("plugins", {**PLUGINS, "src/users/plugins.py": PLUGINS["src/users/plugins.py"]
                            + "\n\ndef fee(module):\n    return module.FEE\n"})
    cmap = processor_map(repo, tests={*TESTS, LOAD})
    repo.write({"src/payment/processor.py": PROCESSOR.replace("FEE = 2", "FEE = 3")})
    selection = select_tests(repo.root, "HEAD", tests=[*TESTS, LOAD], coverage=cmap)
    assert {*IMPORTERS, LOAD} <= set(selection.nodeids())


def test_a_changed_constant_selects_the_tests_that_ran_its_readers(repo: Repo) -> None:
    cmap = processor_map(repo)
    repo.write({"src/payment/processor.py": PROCESSOR.replace("FEE = 2", "FEE = 3")})
    assert reasons(select(repo, coverage=cmap)) == {TESTS[0]: [
        "ran Processor.charge of src/payment/processor.py, which reads FEE of "
        "src/payment/processor.py in run 7"]}


def test_a_class_attribute_nothing_reads_selects_nothing(repo: Repo) -> None:
    cmap = processor_map(repo)
    repo.write({"src/payment/processor.py": PROCESSOR.replace('"EUR"', '"USD"')})
    assert select(repo, coverage=cmap).selected == []


def test_a_constant_a_test_reads_selects_that_test(repo: Repo) -> None:
    repo.commit("fee test", {"tests/test_fee.py": "from payment.processor import FEE\n\n"
                                                  "def test_fee():\n    assert FEE == 2\n"})
    tests = [*TESTS, "tests/test_fee.py::test_fee"]
    cmap = processor_map(repo, tests=set(tests))  # the test file itself is not in the map
    repo.write({"src/payment/processor.py": PROCESSOR.replace("FEE = 2", "FEE = 3")})
    found = reasons(select_tests(repo.root, "HEAD", tests=tests, coverage=cmap))
    assert found["tests/test_fee.py::test_fee"] == [
        "reads FEE of src/payment/processor.py"]


@pytest.mark.parametrize("edit", [
    ("FEE = 2", "FEE = len('ab')"),  # a call runs while importing
    ("FEE = 2", "FEE = 2\nDOUBLE = FEE * 2"),  # read while importing
    ('    currency = "EUR"', '    __slots__ = ()'),  # a special attribute
    ("from payment.money import Money", "from payment.money import Money, add"),
    ("class Processor:", "@final\nclass Processor:"),
    ("    def refund(self, amount):", "    @cache\n    def refund(self, amount):"),
])
def test_other_import_level_changes_use_the_import_graph(repo: Repo,
                                                         edit: tuple[str, str]) -> None:
    cmap = processor_map(repo)
    repo.write({"src/payment/processor.py": PROCESSOR.replace(*edit)})
    assert select(repo, coverage=cmap).nodeids() == IMPORTERS


def test_a_stale_map_and_unrecorded_tests_fall_back_to_the_import_graph(repo: Repo) -> None:
    cmap = processor_map(repo, tests={TESTS[0], TESTS[2]})  # test_other never recorded
    repo.write({"src/payment/processor.py": PROCESSOR.replace("-amount", "0 - amount")})
    selection = select(repo, coverage=cmap)
    assert reasons(selection) == {
        TESTS[2]: ["ran lines 15–15 of src/payment/processor.py (Processor.refund) in run 7"],
        TESTS[1]: ["imports src/payment/processor.py"]}
    repo.commit("moved on")  # the map was recorded at the previous content
    repo.write({"src/payment/processor.py": PROCESSOR.replace("-amount", "1 - amount")})
    stale = select(repo, coverage=cmap)
    assert stale.nodeids() == IMPORTERS
    assert ("src/payment/processor.py: no coverage recorded for its base content; used the "
            "import graph") in stale.fallbacks


def test_a_function_run_at_import_time_uses_the_import_graph(repo: Repo) -> None:
    source = PROCESSOR + "\n\ndef rate():\n    return 2\n\n\nRATE = rate()\n"
    repo.commit("rate", {"src/payment/processor.py": source})
    cmap = processor_map(repo)  # rate's body ran while importing: for no test
    repo.write({"src/payment/processor.py": source.replace("return 2", "return 3")})
    assert select(repo, coverage=cmap).nodeids() == IMPORTERS


def test_a_function_python_calls_while_importing_uses_the_import_graph(repo: Repo) -> None:
    # No call in the source shows it: Python runs __set_name__ while creating Processor.
    field = ("class Field:\n    def __set_name__(self, owner, name):\n"
             "        owner.fields = (name,)\n\n\n")
    source = PROCESSOR.replace('    currency = "EUR"', "    currency = Field()").replace(
        "class Processor:", field + "class Processor:")
    repo.commit("field", {"src/payment/processor.py": source})
    lines = source.splitlines()
    charge, refund = (lines.index(f"    def {name}(self, amount):") + 1 for name in
                      ("charge", "refund"))
    body = lines.index("        owner.fields = (name,)") + 1
    cmap = coverage_of(repo, "src/payment/processor.py", {
        charge + 1: {TESTS[0]}, charge + 2: {TESTS[0]}, refund + 1: {TESTS[2]},
        body: {AT_IMPORT}}, tests=set(TESTS))
    repo.write({"src/payment/processor.py": source.replace("(name,)", "(name, name)")})
    assert select(repo, coverage=cmap).nodeids() == IMPORTERS
    # The same map still narrows a change to a method the tests ran.
    repo.write({"src/payment/processor.py": source.replace("-amount", "0 - amount")})
    assert select(repo, coverage=cmap).nodeids() == [TESTS[2]]


REFUND_IMPORT = IMPORTING + "tests/test_refund.py"


def test_a_function_a_test_module_ran_while_imported_selects_that_module(repo: Repo) -> None:
    # charge() also built something while pytest imported test_refund.py (a decorator,
    # say): that module's tests may use it without running charge() again.
    cmap = coverage_of(repo, "src/payment/processor.py", {
        1: {AT_IMPORT}, 11: {TESTS[0], REFUND_IMPORT}, 12: {TESTS[0]}, 15: {TESTS[2]}},
        tests=set(TESTS))
    repo.write({"src/payment/processor.py": PROCESSOR.replace("amount + FEE", "FEE + amount")})
    selection = select(repo, coverage=cmap)
    assert selection.nodeids() == [TESTS[0], TESTS[2]]
    assert reasons(selection)[TESTS[2]] == [
        "its module's import ran lines 11–12 of src/payment/processor.py (Processor.charge) "
        "in run 7"]


def test_a_function_run_while_first_importing_code_that_calls_nothing_selects_that_module(
        repo: Repo) -> None:
    # test_refund.py's import was also processor.py's first, but processor.py's
    # module-level code (an import, a constant, a class body) calls nothing of it.
    cmap = coverage_of(repo, "src/payment/processor.py", {
        1: {REFUND_IMPORT}, 11: {TESTS[0], REFUND_IMPORT}, 12: {TESTS[0]}, 15: {TESTS[2]}},
        tests=set(TESTS))
    repo.write({"src/payment/processor.py": PROCESSOR.replace("amount + FEE", "FEE + amount")})
    assert select(repo, coverage=cmap).nodeids() == [TESTS[0], TESTS[2]]


def test_a_function_first_imported_code_calls_at_import_uses_the_graph(repo: Repo) -> None:
    # processor.py's own import-time code calls charge(), for every importer to see.
    repo.commit("sample", {"src/payment/processor.py":
                           PROCESSOR + "\n\nSAMPLE = Processor().charge(0)\n"})
    cmap = coverage_of(repo, "src/payment/processor.py", {
        1: {REFUND_IMPORT}, 11: {TESTS[0], REFUND_IMPORT}, 12: {TESTS[0]}, 15: {TESTS[2]},
        18: {REFUND_IMPORT}}, tests=set(TESTS))
    repo.write({"src/payment/processor.py": repo.read("src/payment/processor.py").replace(
        "amount + FEE", "FEE + amount")})
    assert select(repo, coverage=cmap).nodeids() == IMPORTERS


def test_a_call_at_import_through_another_modules_function_uses_the_graph(
        repo: Repo) -> None:
    # catalog.py, first imported by test_refund.py, calls prices.default() at import,
    # which calls charge(): a chain through a module that never names charge at import.
    repo.commit("catalog", {
        "src/payment/prices.py": "from payment.processor import Processor\n\n\n"
                                 "def default():\n    return Processor().charge(0)\n",
        "src/payment/catalog.py": "from payment import prices\n\nDEFAULT = prices.default()\n",
        "tests/test_refund.py": "from payment import catalog\n" + FILES["tests/test_refund.py"]})
    processor = coverage_of(repo, "src/payment/processor.py", {
        1: {AT_IMPORT}, 11: {TESTS[0], REFUND_IMPORT}, 12: {TESTS[0]}, 15: {TESTS[2]}},
        tests=set(TESTS))
    catalog = coverage_of(repo, "src/payment/catalog.py", {1: {REFUND_IMPORT},
                                                           3: {REFUND_IMPORT}})
    prices = coverage_of(repo, "src/payment/prices.py", {1: {REFUND_IMPORT},
                                                         5: {REFUND_IMPORT}})
    processor.files.update({**catalog.files, **prices.files})
    repo.write({"src/payment/processor.py": PROCESSOR.replace("amount + FEE", "FEE + amount")})
    assert select(repo, coverage=processor).nodeids() == IMPORTERS


def test_a_constant_read_while_a_test_module_was_imported_selects_that_module(
        repo: Repo) -> None:
    cmap = coverage_of(repo, "src/payment/processor.py", {
        1: {AT_IMPORT}, 11: {TESTS[0], REFUND_IMPORT}, 12: {TESTS[0]}, 15: {TESTS[2]}},
        tests=set(TESTS))
    repo.write({"src/payment/processor.py": PROCESSOR.replace("FEE = 2", "FEE = 3")})
    assert select(repo, coverage=cmap).nodeids() == [TESTS[0], TESTS[2]]


def test_the_plugin_names_test_module_imports_as_the_map_reads_them() -> None:
    assert plugin.IMPORTING == IMPORTING


def test_a_conftest_import_chain_is_the_reason(repo: Repo) -> None:
    repo.write({"src/payment/money.py": FILES["src/payment/money.py"].replace("a + b", "b + a")})
    found = reasons(select(repo))
    assert found["tests/unit/test_unit.py::test_unit"] == [
        "imports src/payment/money.py through tests/unit/conftest.py"]
    assert found["tests/test_charge.py::test_charge"] == [
        "imports src/payment/money.py through src/payment/processor.py"]
    assert "tests/test_accounts.py::test_create" not in found


def test_a_renamed_module_selects_the_tests_of_both_names(repo: Repo) -> None:
    repo.git("mv", "src/users/accounts.py", "src/users/people.py")
    selection = select(repo)
    assert reasons(selection) == {"tests/test_accounts.py::test_create": [
        "imports renamed module src/users/accounts.py"]}
    assert ("src/users/accounts.py: renamed to src/users/people.py; selected the tests that "
            "imported it") in selection.fallbacks


def test_a_deleted_module_selects_every_test_that_imported_it(repo: Repo) -> None:
    repo.write({"src/payment/money.py": None})
    selection = select(repo)
    found = reasons(selection)
    assert set(found) == {*IMPORTERS, "tests/test_money.py::test_add",
                          "tests/unit/test_unit.py::test_unit"}
    assert found["tests/test_money.py::test_add"] == ["imports deleted module src/payment/money.py"]
    assert found["tests/test_refund.py::test_refund"] == [
        "imports deleted module src/payment/money.py through src/payment/processor.py"]
    assert ("src/payment/money.py: deleted; selected the tests that imported it"
            in selection.fallbacks)


def test_a_syntax_error_selects_the_importers_and_says_so(repo: Repo) -> None:
    cmap = processor_map(repo)
    repo.write({"src/payment/processor.py": PROCESSOR.replace("return Money(-amount)",
                                                              "return Money(-amount")})
    selection = select(repo, coverage=cmap)
    assert selection.nodeids() == IMPORTERS
    assert any(note.startswith("src/payment/processor.py: syntax error (line 15:")
               and note.endswith("selected every test that imports it")
               for note in selection.fallbacks), selection.fallbacks


def test_a_script_no_test_imports_runs_everything_unless_ignored(repo: Repo) -> None:
    script = "from users.accounts import create\n\nif __name__ == '__main__':\n    create('x')\n"
    repo.commit("script", {"scripts/report.py": script})
    repo.write({"scripts/report.py": script.replace("'x'", "'y'")})
    selection = select(repo)
    assert selection.skipped == 0
    assert selection.fallbacks[-2] == ("scripts/report.py: no test imports it (it may run as a "
                                       "script, a service or a plugin); ran everything")
    ignored = select(repo, rules=SelectionRules(ignore=["scripts/**"]))
    assert ignored.selected == []


def test_a_module_nothing_imports_or_names_selects_nothing(repo: Repo) -> None:
    repo.commit("unused", {"src/users/unused.py": "def old():\n    return 1\n"})
    repo.write({"src/users/unused.py": "def old():\n    return 2\n"})
    selection = select(repo)
    assert selection.selected == []
    assert ("src/users/unused.py: no test imports or names it, and it is not a script; "
            "nothing selected for it") in selection.fallbacks


def test_computed_imports_depend_on_every_module(repo: Repo) -> None:
    repo.commit("plugins", {
        "src/users/plugins.py": "import importlib\n\ndef load(name):\n"
                                "    return importlib.import_module(name)\n",
        "tests/test_plugins.py": "from users import plugins\n\ndef test_load():\n    pass\n"})
    repo.write({"src/payment/money.py": FILES["src/payment/money.py"] + "\nX = 1\n"})
    selection = select_tests(repo.root, "HEAD", tests=[*TESTS, "tests/test_plugins.py::test_load"])
    assert reasons(selection)["tests/test_plugins.py::test_load"] == [
        "imports src/users/plugins.py, which imports modules by computed name"]
    assert ("src/users/plugins.py: imports modules by computed name; the tests that import it "
            "were selected for this change, which runs at import time or has no coverage "
            "recorded") in selection.fallbacks


PLUGINS = {"src/users/plugins.py": "import importlib\n\ndef load(name):\n"
                                   "    return importlib.import_module(name)\n",
           "tests/test_plugins.py": "from users import plugins\n\ndef test_load():\n"
                                    "    pass\n"}
LOAD = "tests/test_plugins.py::test_load"


def test_computed_imports_defer_to_the_map_for_a_changed_function(repo: Repo) -> None:
    repo.commit("plugins", PLUGINS)
    cmap = coverage_of(repo, "src/payment/money.py", {6: {"tests/test_money.py::test_add"}},
                       tests={*TESTS, LOAD})
    repo.write({"src/payment/money.py": FILES["src/payment/money.py"].replace("a + b", "b + a")})
    selection = select_tests(repo.root, "HEAD", tests=[*TESTS, LOAD], coverage=cmap)
    assert selection.nodeids() == ["tests/test_money.py::test_add"]
    assert not any("computed name" in note for note in selection.fallbacks)


def test_computed_imports_still_select_tests_the_map_has_not_seen(repo: Repo) -> None:
    repo.commit("plugins", PLUGINS)
    cmap = coverage_of(repo, "src/payment/money.py", {6: {"tests/test_money.py::test_add"}},
                       tests=set(TESTS))
    repo.write({"src/payment/money.py": FILES["src/payment/money.py"].replace("a + b", "b + a")})
    selection = select_tests(repo.root, "HEAD", tests=[*TESTS, LOAD], coverage=cmap)
    assert reasons(selection)[LOAD] == [
        "imports src/users/plugins.py, which imports modules by computed name"]


def test_computed_imports_select_their_importers_for_import_time_code(repo: Repo) -> None:
    repo.commit("plugins", PLUGINS)
    cmap = coverage_of(repo, "src/payment/money.py", {6: {"tests/test_money.py::test_add"}},
                       tests={*TESTS, LOAD})
    repo.write({"src/payment/money.py": FILES["src/payment/money.py"].replace(
        "class Money(int):", "class Money(float):")})
    selection = select_tests(repo.root, "HEAD", tests=[*TESTS, LOAD], coverage=cmap)
    assert LOAD in selection.nodeids()


def test_doctests_of_a_changed_function_and_the_tests_that_ran_it(repo: Repo) -> None:
    doctests = ["src/payment/money.py::payment.money.add", "src/payment/money.py::payment.money"]
    cmap = coverage_of(repo, "src/payment/money.py", {6: {"tests/test_money.py::test_add"}},
                       tests={*TESTS, *doctests})
    repo.write({"src/payment/money.py": FILES["src/payment/money.py"].replace("a + b", "b + a")})
    selection = select_tests(repo.root, "HEAD", tests=[*TESTS, *doctests], coverage=cmap)
    assert reasons(selection) == {
        "src/payment/money.py::payment.money.add": ["doctest of changed add"],
        "tests/test_money.py::test_add": ["ran lines 6–6 of src/payment/money.py (add) in run 7"]}


def test_a_script_a_test_runs_by_name_selects_that_test(repo: Repo) -> None:
    repo.commit("script", {
        "scripts/report.py": "print('report')\n",
        "tests/test_report.py": "import subprocess, sys\n\ndef test_report():\n"
                                "    subprocess.run([sys.executable, 'scripts/report.py'])\n"})
    repo.write({"scripts/report.py": "print('the report')\n"})
    selection = select_tests(repo.root, "HEAD", tests=[*TESTS, "tests/test_report.py::test_it"])
    assert reasons(selection) == {"tests/test_report.py::test_it": [
        "names scripts/report.py, which no test imports"]}
    assert selection.fallbacks[-1] == "no run history yet: tests are ordered by the change alone"


def test_a_function_another_module_calls_at_import_time(repo: Repo) -> None:
    repo.commit("prices", {
        "src/users/prices.py": "from payment.money import add\n\nTOTAL = add(1, 2)\n",
        "tests/test_prices.py": "from users.prices import TOTAL\n\ndef test_total():\n"
                                "    assert TOTAL == 3\n"})
    tests = [*TESTS, "tests/test_prices.py::test_total"]
    cmap = coverage_of(repo, "src/payment/money.py", {6: {"tests/test_money.py::test_add"}},
                       tests=set(tests))
    repo.write({"src/payment/money.py": FILES["src/payment/money.py"].replace("a + b", "a - b")})
    assert reasons(select_tests(repo.root, "HEAD", tests=tests, coverage=cmap)) == {
        "tests/test_money.py::test_add": ["ran lines 6–6 of src/payment/money.py (add) in run 7"],
        "tests/test_prices.py::test_total": [
            "calls add of src/payment/money.py at import time through src/users/prices.py"]}


@pytest.mark.parametrize(("marks", "selected"), [
    # the map saw money.py imported and add() run by test_add alone: cached.py's import
    # only names add (a default value), it did not run it
    ({1: {AT_IMPORT}, 5: {AT_IMPORT}}, ["tests/test_money.py::test_add"]),
    # the map never saw the module imported: the import-time code is read instead
    ({}, ["tests/test_cached.py::test_cached", "tests/test_money.py::test_add"]),
])
def test_a_function_named_while_importing_is_settled_by_the_map_where_it_saw_the_import(
        repo: Repo, marks: dict[int, set[str]], selected: list[str]) -> None:
    repo.commit("cached", {
        "src/payment/cached.py": "from payment.money import add\n\n\ndef cached(key=add):\n"
                                 "    return key\n",
        "tests/test_cached.py": "from payment.cached import cached\n\n\ndef test_cached():\n"
                                "    assert cached()(1, 2) == 3\n"})
    tests = [*TESTS, "tests/test_cached.py::test_cached"]
    cmap = coverage_of(repo, "src/payment/money.py",
                       {**marks, 6: {"tests/test_money.py::test_add"}}, tests=set(tests))
    repo.write({"src/payment/money.py": FILES["src/payment/money.py"].replace("a + b", "a - b")})
    chosen = select_tests(repo.root, "HEAD", tests=tests, coverage=cmap).nodeids()
    assert sorted(chosen) == selected


def test_namespace_packages_under_src_resolve(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "ns", {
        "src/ns/tools.py": "def tool():\n    return 1\n",
        "tests/test_tools.py": "from ns.tools import tool\n\ndef test_tool():\n    assert tool()\n",
        "tests/test_else.py": "def test_else():\n    pass\n"})
    repo.write({"src/ns/tools.py": "def tool():\n    return 2\n"})
    assert select_tests(repo.root, "HEAD").nodeids() == ["tests/test_tools.py"]


def test_an_import_level_change_selects_the_module_s_own_doctests(repo: Repo) -> None:
    doctests = ["src/payment/money.py::payment.money.add", "src/payment/money.py::payment.money"]
    cmap = coverage_of(repo, "src/payment/money.py", {6: {"tests/test_money.py::test_add"}},
                       tests={*TESTS, *doctests})
    repo.write({"src/payment/money.py": FILES["src/payment/money.py"] + "\nLIMIT = 3\n"})
    found = reasons(select_tests(repo.root, "HEAD", tests=[*TESTS, *doctests], coverage=cmap))
    assert found["src/payment/money.py::payment.money"] == [
        "in changed module src/payment/money.py"]
    assert found["src/payment/money.py::payment.money.add"] == [
        "in changed module src/payment/money.py"]
    assert "tests/test_money.py::test_add" not in found  # nothing reads LIMIT


def test_a_literal_default_selects_the_tests_that_ran_the_function(repo: Repo) -> None:
    cmap = processor_map(repo)
    repo.write({"src/payment/processor.py": PROCESSOR.replace(
        "def refund(self, amount):", "def refund(self, amount=5):")})
    assert reasons(select(repo, coverage=cmap)) == {TESTS[2]: [
        "ran lines 15–15 of src/payment/processor.py (Processor.refund) in run 7"]}


def test_a_literal_default_beside_a_computed_one_selects_the_tests_that_ran_it(
        repo: Repo) -> None:
    """``fee=FEE`` runs at import as it did; only the literal default changed."""
    repo.commit("defaults", {"src/payment/processor.py": PROCESSOR.replace(
        "def refund(self, amount):", "def refund(self, amount, fee=FEE, *, note=''):")})
    cmap = processor_map(repo)
    base = repo.read("src/payment/processor.py")
    repo.write({"src/payment/processor.py": base.replace("note=''", "note='late'")})
    assert reasons(select(repo, coverage=cmap)) == {TESTS[2]: [
        "ran lines 15–15 of src/payment/processor.py (Processor.refund) in run 7"]}
    repo.write({"src/payment/processor.py": base.replace("fee=FEE", "fee=FEE + 1")})
    assert select(repo, coverage=cmap).nodeids() == IMPORTERS


def test_removing_a_constant_others_import_uses_the_import_graph(repo: Repo) -> None:
    cmap = processor_map(repo)
    repo.write({"src/payment/processor.py": PROCESSOR.replace("FEE = 2\n", "")})
    assert select(repo, coverage=cmap).nodeids() == IMPORTERS


def test_a_new_method_is_selected_by_its_callers_unless_it_is_special(repo: Repo) -> None:
    cmap = processor_map(repo)
    new_method = "    def void(self):\n        return None\n\n    def refund(self, amount):"
    repo.write({"src/payment/processor.py": PROCESSOR.replace(
        "    def refund(self, amount):", new_method)})
    assert select(repo, coverage=cmap).selected == []  # nothing calls it yet
    special = new_method.replace("def void(self)", "def __eq__(self, other)")
    repo.write({"src/payment/processor.py": PROCESSOR.replace(
        "    def refund(self, amount):", special)})
    assert select(repo, coverage=cmap).nodeids() == IMPORTERS
