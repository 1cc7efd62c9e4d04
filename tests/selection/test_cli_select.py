"""``qatron select`` as a subprocess, with and without a qatron.yml (no Prefect server)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from qatron.cli.select import select_command
from qatron.errors import ConfigError
from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.selection.coverage_map import CoverageMap, FileCoverage, content_hash
from qatron.store import ResultsStore, default_database_url
from tests.projects import QATRON
from tests.selection import Repo

QATRON_YML = """\
project: shop
applications:
  api:
    path: api
    tests: [tests]
    selection:
      rules:
        - {source_pattern: "api/templates/(.*)\\\\.html", test_pattern: "tests/test_{1}.py"}
  web: {path: web}
suites:
  api-unit: {application: api, paths: [tests/unit]}
  api-all: {application: api}
  web: {application: web}
"""
FILES = {
    "qatron.yml": QATRON_YML,
    "api/shop/__init__.py": "",
    "api/shop/prices.py": "def price(n):\n    return n * 2\n",
    "api/shop/orders.py": "def order():\n    return 'ok'\n",
    "api/templates/receipt.html": "<p></p>\n",
    "api/tests/unit/test_prices.py": "from shop.prices import price\n\n"
                                     "def test_price():\n    assert price(1) == 2\n",
    "api/tests/test_orders.py": "from shop.orders import order\n\n"
                                "def test_order():\n    assert order()\n",
    "api/tests/test_receipt.py": "def test_receipt():\n    assert True\n",
    "web/tests/test_page.py": "def test_page():\n    assert True\n",
}


def qatron_select(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(QATRON), "select", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def shop(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "shop", FILES)


def test_json_lists_reasons_skipped_count_fallbacks_and_changes(shop: Repo) -> None:
    shop.write({"api/shop/prices.py": "def price(n):\n    return n * 3\n",
                "api/templates/receipt.html": "<p>x</p>\n"})
    done = qatron_select(shop.root, "--base", "HEAD", "--suite", "api-all", "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["base"] == "HEAD" and result["head"] is None
    assert result["selected"] == [
        {"nodeid": "tests/unit/test_prices.py::test_price",
         "reasons": ["imports api/shop/prices.py"], "priority": 65.0},
        {"nodeid": "tests/test_receipt.py::test_receipt", "reasons": ["mapping rule 1 "
                                                        "(api/templates/receipt.html)"],
         "priority": 30.0}]
    assert (result["skipped"], result["total"]) == (1, 3)
    assert "no run history yet: tests are ordered by the change alone" in result["fallbacks"]
    assert [c["path"] for c in result["changed"]] == ["api/shop/prices.py",
                                                     "api/templates/receipt.html"]
    assert result["changed"][0] == {"path": "api/shop/prices.py", "status": "modified",
                                    "old_path": None, "binary": False, "old_lines": [[2, 2]],
                                    "insertion_points": []}


def test_the_table_and_the_suite_s_candidates(shop: Repo) -> None:
    head = shop.commit("price", {"api/shop/prices.py": "def price(n):\n    return n * 3\n"})
    done = qatron_select(shop.root, "--base", "HEAD~1", "--head", head, "-s", "api-all",
                         "-p", str(shop.root))
    assert done.returncode == 0, done.stderr
    assert "imports api/shop/prices.py" in done.stdout
    assert "1 selected, 2 left out, of 3; 1 changed files" in done.stdout
    assert "test_price" in done.stdout  # --head is the checkout: selected by test
    assert "fallback no coverage map recorded" in done.stdout
    shop.write({"api/shop/orders.py": "def order():\n    return 'OK'\n"})
    done = qatron_select(shop.root, "--base", "HEAD", "--suite", "api-unit", "--format", "json")
    result = json.loads(done.stdout)  # only the suite's tests are candidates
    assert (result["selected"], result["skipped"], result["total"]) == ([], 1, 1)


def test_history_and_coverage_come_from_the_results_store(shop: Repo) -> None:
    with ResultsStore(default_database_url(shop.root)) as store:
        run_id = store.create_run("shop", "api-all", "local")
        store.save_shard(run_id, ShardResult(index=0, count=1, status=ShardStatus.FAILED,
                                             results=[TestResult("tests/test_orders.py::"
                                                                 "test_order", Outcome.FAILED)]))
        store.set_status(run_id, RunStatus.FAILED)
        if hasattr(store, "save_coverage_map"):
            data = (shop.root / "api/shop/prices.py").read_bytes()
            cmap = CoverageMap({"shop/prices.py": FileCoverage(content_hash(data), {
                2: frozenset({"tests/unit/test_prices.py::test_price"})})},
                {"tests/unit/test_prices.py::test_price"})
            store.save_coverage_map("shop", "api", cmap, run_id)
    shop.write({".gitignore": ".qatron/\n"})
    shop.commit("ignore the state folder")
    shop.write({"api/shop/prices.py": "def price(n):\n    return n * 3\n"})
    done = qatron_select(shop.root, "--base", "HEAD", "-s", "api-all", "--format", "json")
    assert done.returncode == 0, done.stderr
    selected = {t["nodeid"]: t["reasons"] for t in json.loads(done.stdout)["selected"]}
    assert selected["tests/test_orders.py::test_order"] == ["failed in the last run"]
    assert list(selected)[0] == "tests/test_orders.py::test_order"
    price = selected["tests/unit/test_prices.py::test_price"]
    assert price == ["ran lines 2–2 of api/shop/prices.py (price) in run 1"] \
        if hasattr(ResultsStore, "load_coverage_map") else ["imports api/shop/prices.py"]


def test_any_git_repository_with_a_pytest_suite_works_without_qatron_yml(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "plain", {
        "lib/calc.py": "def add(a, b):\n    return a + b\n",
        "tests/test_calc.py": "from lib.calc import add\n\ndef test_add():\n    assert add(1, 1)\n",
        "tests/test_other.py": "def test_other():\n    pass\n"})
    repo.write({"lib/calc.py": "def add(a, b):\n    return b + a\n"})
    done = qatron_select(repo.root / "tests", "--base", "HEAD", "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [t["nodeid"] for t in result["selected"]] == ["tests/test_calc.py::test_add"]
    assert result["skipped"] == 1


def test_mistakes_are_one_message_and_exit_code_2(shop: Repo, tmp_path: Path) -> None:
    done = qatron_select(shop.root, "--base", "nope", "-s", "api-all")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "unknown revision 'nope'" in done.stderr
    plain = tmp_path / "plain"
    plain.mkdir()
    done = qatron_select(plain, "--base", "HEAD")
    assert done.returncode == 2
    assert f"{plain} is not in a git repository" in " ".join(done.stderr.split())


def test_a_project_with_several_applications_needs_a_suite(shop: Repo, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="several applications; say which with --suite"):
        select_command(base="HEAD", project=shop.root)
    with pytest.raises(ConfigError, match="no qatron.yml here, so there is no suite 'x'"):
        select_command(base="HEAD", project=tmp_path, suite="x")
