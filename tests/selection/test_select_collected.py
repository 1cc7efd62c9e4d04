"""``qatron.select`` and ``select_changes``: tests chosen one by one among those pytest
collects, the collection cached per commit (real git repositories, real pytest)."""

from __future__ import annotations

import json
from pathlib import Path

import qatron
from qatron.selecting import select_changes
from qatron.selection.coverage_map import CoverageMap, FileCoverage, content_hash
from qatron.store import ResultsStore, default_database_url
from tests.selection import Repo

PRICES = "def price(n):\n    return n * 2\n\n\ndef tax(n):\n    return n // 5\n"
TESTS = ("from shop.prices import price, tax\n\n\ndef test_price():\n    assert price(1) == 2\n"
         "\n\ndef test_tax():\n    assert tax(10) == 2\n")
PLAIN = {
    "shop/__init__.py": "",
    "shop/prices.py": PRICES,
    "tests/test_prices.py": TESTS,
    "tests/test_other.py": "def test_other():\n    pass\n",
    # looks like a test file, but pytest is told never to collect it
    "tests/mypy_test_cases/test_typing.py": "from shop.prices import price\n\n\n"
                                            "def test_reveal():\n    reveal_type(price(1))\n",
    "pytest.ini": "[pytest]\nnorecursedirs = mypy_test_cases\n",
}


def test_only_collected_tests_are_counted_and_selected(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "plain", PLAIN)
    repo.write({"shop/prices.py": PRICES.replace("n * 2", "n * 3")})
    selection = select_changes(repo.root, "HEAD")
    assert selection.total == 3  # test_price, test_tax, test_other; not test_reveal
    assert selection.nodeids() == ["tests/test_prices.py::test_price",
                                   "tests/test_prices.py::test_tax"]
    assert not any("mypy_test_cases" in note for note in selection.fallbacks)


def test_the_collection_is_cached_per_commit_and_test_files(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "plain", PLAIN)
    repo.write({"shop/prices.py": PRICES.replace("n * 2", "n * 3")})
    select_changes(repo.root, "HEAD")
    cached = list((repo.root / ".qatron" / "collections").glob("*.json"))
    assert len(cached) == 1
    assert repo.git("status", "--porcelain") == "M shop/prices.py"  # git ignores the cache
    nodeids = json.loads(cached[0].read_text())["nodeids"]
    cached[0].write_text(json.dumps({"nodeids": [*nodeids, "tests/test_other.py::test_cached"]}))
    assert select_changes(repo.root, "HEAD").total == 4  # read from the cache, not pytest
    repo.write({"tests/test_new.py": "def test_new():\n    pass\n"})  # a new key
    selection = select_changes(repo.root, "HEAD")
    assert selection.total == 4 and "tests/test_new.py::test_new" in selection.nodeids()
    assert len(list((repo.root / ".qatron" / "collections").glob("*.json"))) == 2


def test_a_head_other_than_the_checkout_selects_by_file(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "plain", PLAIN)
    head = repo.commit("price", {"shop/prices.py": PRICES.replace("n * 2", "n * 3")})
    repo.commit("later", {"README": "x\n"})
    selection = select_changes(repo.root, "HEAD~2", head=head)
    assert "tests/test_prices.py" in selection.nodeids()  # whole files, found statically
    assert "tests/test_other.py" not in selection.nodeids()
    assert any("is not the checked-out commit" in note for note in selection.fallbacks)


QATRON_YML = """\
project: shop
applications:
  api: {path: ., tests: [tests]}
suites:
  unit: {application: api}
"""


def test_the_api_selects_the_one_test_the_map_says_ran_the_change(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "shop", {**PLAIN, "qatron.yml": QATRON_YML,
                                    ".gitignore": ".qatron/\n"})
    with ResultsStore(default_database_url(repo.root)) as store:
        run_id = store.create_run("shop", "unit", "local")
        lines = {2: frozenset({"tests/test_prices.py::test_price"}),
                 6: frozenset({"tests/test_prices.py::test_tax"})}
        store.save_coverage_map("shop", "api", CoverageMap(
            {"shop/prices.py": FileCoverage(content_hash(PRICES.encode()), lines)},
            {"tests/test_prices.py::test_price", "tests/test_prices.py::test_tax",
             "tests/test_other.py::test_other"}), run_id)
    repo.write({"shop/prices.py": PRICES.replace("n // 5", "n // 4")})
    selection = qatron.select(repo.root, "HEAD", suite="unit")
    assert selection.nodeids() == ["tests/test_prices.py::test_tax"]  # not its whole file
    assert selection.total == 3
    assert selection.selected[0].reasons == ["ran lines 6–6 of shop/prices.py (tax) in run 1"]
