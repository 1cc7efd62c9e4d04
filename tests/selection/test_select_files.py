"""Changed files that are not Python modules, and what the application's settings add."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.config import SelectionRule, SelectionRules
from qatron.errors import ConfigError
from qatron.selection import Selection, TestHistory, select_tests
from tests.selection import Repo

FILES = {
    "README.md": "# shop\n",
    "docs/logo.png": "png",
    "src/settings.cfg": "[x]\n",
    "data/cards.json": "[]\n",
    "data/prices.csv": "a,b\n",
    "data/users.json": "[]\n",
    "shop/__init__.py": "",
    "shop/cart.py": "def total(items):\n    return sum(items)\n",
    "web/src/cart.tsx": "export const x = 1\n",
    "web/tests/cart.test.ts": "test('x', () => {})\n",
    "tests/conftest.py": "import pytest\n",
    "tests/test_cart.py": "from shop.cart import total\n\n"
                          "def test_total():\n    assert total([1])\n",
    "tests/test_cards.py": "import json\nfrom pathlib import Path\n\nCARDS = json.loads("
                           "(Path(__file__).parents[1] / 'data' / 'cards.json').read_text())\n\n"
                           "def test_cards():\n    assert CARDS == []\n",
    "tests/test_users.py": "from qatron.data_fixtures import load_data_fixture\n\n"
                           "def test_users():\n    assert load_data_fixture('users') == []\n",
    "tests/smoke/test_up.py": "def test_up():\n    assert True\n",
    "tests/unit/conftest.py": "import pytest\n",
    "tests/unit/test_unit.py": "def test_unit():\n    assert True\n",
}
ALL = ["tests/smoke/test_up.py", "tests/test_cards.py", "tests/test_cart.py",
       "tests/test_users.py", "tests/unit/test_unit.py"]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo", FILES)


def select(repo: Repo, **options) -> Selection:
    """Static discovery: one "test" per test file."""
    return select_tests(repo.root, "HEAD", **options)


def reasons(selection: Selection) -> dict[str, list[str]]:
    return {test.nodeid: test.reasons for test in selection.selected}


def test_test_files_are_discovered_when_no_node_ids_are_given(repo: Repo) -> None:
    repo.write({"tests/test_cart.py": FILES["tests/test_cart.py"] + "\nMORE = 1\n"})
    selection = select(repo)
    assert selection.total == 5
    assert reasons(selection) == {"tests/test_cart.py": ["test file changed"]}


def test_a_conftest_change_runs_everything_or_what_is_under_it(repo: Repo) -> None:
    repo.write({"tests/unit/conftest.py": "import pytest\nimport shop.cart\n"})
    selection = select(repo)
    assert sorted(selection.nodeids()) == ALL
    assert reasons(selection)["tests/test_cart.py"] == [
        "tests/unit/conftest.py changed (run_all_on 'conftest.py')"]
    narrow = select(repo, rules=SelectionRules(run_all_on=[]))
    assert reasons(narrow) == {"tests/unit/test_unit.py": ["imports tests/unit/conftest.py"]}


def test_a_data_file_named_by_a_test_selects_that_test(repo: Repo) -> None:
    repo.write({"data/cards.json": "[1]\n", "data/users.json": "[2]\n"})
    assert reasons(select(repo)) == {"tests/test_cards.py": ["reads data/cards.json"],
                                     "tests/test_users.py": ["reads data/users.json"]}


def test_a_data_file_no_code_names_runs_everything(repo: Repo) -> None:
    repo.write({"data/prices.csv": "a,b,c\n"})
    selection = select(repo)
    assert sorted(selection.nodeids()) == ALL and selection.skipped == 0
    assert selection.fallbacks == [
        "data/prices.csv: a file no mapping rule covers and no Python file names; "
        "ran everything", "no run history yet: tests are ordered by the change alone"]


def test_an_unknown_file_type_runs_everything(repo: Repo) -> None:
    repo.write({"src/settings.cfg": "[y]\n"})
    selection = select(repo)
    assert selection.skipped == 0
    assert reasons(selection)["tests/smoke/test_up.py"] == [
        "src/settings.cfg changed: a file no mapping rule covers and no Python file names"]


def test_documentation_changes_select_nothing(repo: Repo) -> None:
    repo.write({"README.md": "# the shop\n", "docs/logo.png": "png2"})
    selection = select(repo)
    assert selection.selected == [] and selection.skipped == 5 and selection.fallbacks == []


def test_mapping_rules_select_python_and_javascript_tests(repo: Repo) -> None:
    rules = SelectionRules(rules=[
        SelectionRule(source_pattern=r"src/(.*)\.cfg", test_pattern="tests/smoke/test_up.py"),
        SelectionRule(source_pattern=r"web/src/(.*)\.tsx?", test_pattern="web/tests/{1}.test.ts"),
        SelectionRule(source_pattern=r"web/src/(.*)\.tsx?", test_pattern="web/tests/{1}.spec.ts"),
    ])
    repo.write({"src/settings.cfg": "[y]\n", "web/src/cart.tsx": "export const x = 2\n"})
    selection = select(repo, rules=rules)
    assert reasons(selection) == {
        "tests/smoke/test_up.py": ["mapping rule 1 (src/settings.cfg)"],
        "web/tests/cart.test.ts": ["mapping rule 2 (web/src/cart.tsx)"]}
    assert selection.total == 6
    assert ("web/src/cart.tsx: mapping rule 3 names web/tests/cart.spec.ts, which matches no "
            "test") in selection.fallbacks


def test_a_changed_javascript_test_selects_itself(repo: Repo) -> None:
    repo.write({"web/tests/cart.test.ts": "test('y', () => {})\n"})
    assert reasons(select(repo)) == {"web/tests/cart.test.ts": ["test file changed"]}


def test_always_run_tests_are_always_selected(repo: Repo) -> None:
    rules = SelectionRules(always_run=["tests/smoke", "tests/nothing_here.py"])
    selection = select(repo, rules=rules)
    assert reasons(selection) == {"tests/smoke/test_up.py": ["always run (tests/smoke)"]}
    assert "always_run 'tests/nothing_here.py' matches no test" in selection.fallbacks


def test_uncommitted_and_untracked_changes_are_selected(repo: Repo) -> None:
    repo.write({"shop/cart.py": "def total(items):\n    return sum(items) + 0\n",
                "tests/test_new.py": "def test_new():\n    assert True\n"})
    found = reasons(select(repo))
    assert found == {"tests/test_new.py": ["new test file"],
                     "tests/test_cart.py": ["imports shop/cart.py"]}


def test_history_orders_the_likeliest_failures_first(repo: Repo) -> None:
    tests = ["tests/test_cart.py::test_total", "tests/test_cards.py::test_cards",
             "tests/smoke/test_up.py::test_up", "tests/unit/test_unit.py::test_unit",
             "tests/test_new.py::test_new"]
    repo.write({"shop/cart.py": "def total(items):\n    return sum(items) + 0\n",
                "tests/test_new.py": "def test_new():\n    assert True\n"})
    history = {"tests/unit/test_unit.py::test_unit": TestHistory("failed", True, 0.0, 1.0),
               "tests/smoke/test_up.py::test_up": TestHistory("passed", False, 0.4, 0.5),
               "tests/test_cards.py::test_cards": TestHistory("passed", False, 0.0, 0.1),
               "tests/gone.py::test_gone": TestHistory("failed", True, 0.0, 0.1)}
    selection = select_tests(repo.root, "HEAD", tests=tests, history=history)
    assert [(t.nodeid, t.reasons) for t in selection.selected] == [
        ("tests/unit/test_unit.py::test_unit", ["failed in the last run"]),
        ("tests/smoke/test_up.py::test_up", ["flaky (score 0.40)"]),
        ("tests/test_new.py::test_new", ["new test file"]),
        ("tests/test_cart.py::test_total", ["imports shop/cart.py"])]
    assert [t.priority for t in selection.selected] == sorted(
        (t.priority for t in selection.selected), reverse=True)
    assert selection.skipped == 1
    assert selection.fallbacks == ["no coverage map recorded for this application yet; used "
                                   "the import graph for changed Python files"]


def test_a_service_started_by_qatron_yml_makes_its_imports_run_everything(repo: Repo) -> None:
    repo.commit("service", {
        "qatron.yml": "project: shop\nenvironments:\n  local:\n    services:\n      api:\n"
                      "        command: '{python} -m shop.api --port {port}'\nsuites: {all: {}}\n",
        "shop/api.py": "from shop.cart import total\n"})
    repo.write({"shop/cart.py": "def total(items):\n    return sum(items) + 0\n"})
    selection = select(repo)
    assert selection.skipped == 0
    assert ("shop/api.py: run by qatron.yml (a service, script or plugin) and it imports "
            "shop/cart.py; ran everything") in selection.fallbacks


def test_an_application_in_a_subfolder_selects_from_its_own_folder(repo: Repo) -> None:
    repo.commit("second app", {
        "apps/api/api/__init__.py": "", "apps/api/api/core.py": "X = 1\n",
        "apps/api/tests/test_core.py": "from api.core import X\n\ndef test_x():\n    assert X\n",
        "apps/api/pyproject.toml": "[tool.pytest.ini_options]\n"})
    repo.write({"apps/api/api/core.py": "X = 2\n", "shop/cart.py": "# other app\n",
                "uv.lock": "lock\n"})
    selection = select_tests(repo.root / "apps" / "api", "HEAD")
    assert reasons(selection) == {"tests/test_core.py": [
        "imports apps/api/api/core.py", "uv.lock changed (run_all_on 'uv.lock')"]}
    assert ("1 changed file(s) outside apps/api/ not considered (shop/cart.py); add a source "
            "root or a mapping rule if the application depends on them") in selection.fallbacks


def test_a_merge_commit_base_and_a_detached_head(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("topic", {"tests/test_cart.py": FILES["tests/test_cart.py"] + "T = 1\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("main", {"README.md": "# main\n"})
    repo.git("merge", "-q", "--no-edit", "topic")
    merge = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "--detach", "HEAD")
    repo.write({"data/cards.json": "[3]\n"})
    selection = select_tests(repo.root, merge)
    assert reasons(selection) == {"tests/test_cards.py": ["reads data/cards.json"]}
    assert select_tests(repo.root, "HEAD^1", merge).nodeids() == ["tests/test_cart.py"]


def test_errors_name_the_folder_or_the_revision(repo: Repo, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown revision 'v9' in "):
        select(repo, head="v9")
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(ConfigError, match=f"^{outside} is not in a git repository"):
        select_tests(outside, "HEAD")
