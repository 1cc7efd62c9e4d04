"""A run's collection reused per commit: real git repositories, real pytest collections.

The suite's conftest appends a line to ``collections.log`` each time pytest collects,
so a collection served from the cache is one that left no line.
"""

from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qatron.collection_cache import SWITCH, collect_cached, collection_key, prefetch_uncached
from qatron.interpreter import Interpreter
from qatron.models import Outcome
from qatron.pytest_runner import (
    COLLECTION_FILE,
    ShardSpec,
    TestCommand,
    discard_prefetched,
    execute_shard,
)
from tests.projects import write_project
from tests.selection import Repo

CONFTEST = """\
    from pathlib import Path

    def pytest_collection_finish(session):
        with Path({log!r}).open("a") as log:
            log.write("collected\\n")
"""
SUITE = {
    "app/__init__.py": "",
    "app/prices.py": "CURRENCIES = ['eur', 'usd']\n",
    "tests/test_prices.py": """
        import pytest
        from app.prices import CURRENCIES

        @pytest.mark.parametrize("currency", CURRENCIES)
        def test_price(currency):
            assert currency

        def test_total():
            assert 2 + 2 == 4
    """,
}


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "collections.log"


@pytest.fixture
def repo(tmp_path: Path, log: Path) -> Repo:
    return Repo(tmp_path / "repo", {**SUITE, "conftest.py": CONFTEST.format(log=str(log)),
                                    ".gitignore": ".qatron/\n"})


def command_for(app_dir: Path) -> TestCommand:
    return TestCommand(app_dir=app_dir, paths=["tests"],
                       python=Interpreter(Path(sys.executable), "QAtron's own", "test"))


def collect(app_dir: Path, run: str) -> tuple[list[str], str | None]:
    """Collect into the run folder ``run``: (node ids, short key if served from the cache)."""
    served = collect_cached(command_for(app_dir), app_dir / ".qatron" / "runs" / run,
                            app_dir / ".qatron")
    return served.collection.nodeids, served.cached_for


def collections(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_a_second_collection_at_the_same_commit_comes_from_the_cache(
        repo: Repo, log: Path) -> None:
    first, cached_first = collect(repo.root, "1")
    second, cached_second = collect(repo.root, "2")

    assert collections(log) == 1
    assert (cached_first, second) == (None, first)
    assert cached_second is not None and len(cached_second) == 12
    assert first == ["tests/test_prices.py::test_price[eur]",
                     "tests/test_prices.py::test_price[usd]", "tests/test_prices.py::test_total"]
    run_file = repo.root / ".qatron" / "runs" / "2" / COLLECTION_FILE
    assert run_file.read_text() == (repo.root / ".qatron" / "runs" / "1" /
                                     COLLECTION_FILE).read_text()


@pytest.mark.parametrize("change", [
    {"tests/test_prices.py": "def test_renamed():\n    pass\n"},
    {"conftest.py": "import pytest\n\ndef pytest_collection_modifyitems(items):\n"
                    "    items[:] = items[:1]\n"},
    {"app/prices.py": "CURRENCIES = ['eur', 'usd', 'gbp']\n"},
    {"tests/test_new.py": "def test_new():\n    pass\n"},
    {"tests/prices.json": "[1, 2, 3]\n"},
], ids=["test file", "conftest", "source module", "untracked test file", "untracked data"])
def test_a_change_in_the_working_tree_collects_again(
        repo: Repo, log: Path, change: dict[str, str]) -> None:
    before, _ = collect(repo.root, "1")
    if "conftest.py" in change:  # keep the log line: the count is what the test reads
        change = {"conftest.py": textwrap.dedent(CONFTEST.format(log=str(log))) + "\n"
                  + change["conftest.py"]}
    repo.write(change)

    after, cached = collect(repo.root, "2")
    again, cached_again = collect(repo.root, "3")

    assert (collections(log), cached) == (2, None)
    assert (again, cached_again is not None) == (after, True)
    if "tests/prices.json" not in change:  # data no test reads: the same tests
        assert after != before


def test_a_commit_collects_again(repo: Repo, log: Path) -> None:
    collect(repo.root, "1")
    repo.commit("more currencies", {"app/prices.py": "CURRENCIES = ['eur', 'usd', 'chf']\n"})

    after, cached = collect(repo.root, "2")

    assert (collections(log), cached) == (2, None)
    assert "tests/test_prices.py::test_price[chf]" in after


def test_a_folder_outside_git_always_collects(tmp_path: Path, log: Path) -> None:
    root = write_project(tmp_path / "plain", "", {
        **SUITE, "conftest.py": CONFTEST.format(log=str(log))})

    assert collection_key(command_for(root), root / ".qatron") is None
    assert [collect(root, run)[1] for run in ("1", "2")] == [None, None]
    assert collections(log) == 2


def test_the_switch_turns_the_cache_off(repo: Repo, log: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SWITCH, "0")

    assert [collect(repo.root, run)[1] for run in ("1", "2")] == [None, None]
    assert collections(log) == 2


def test_a_collection_with_errors_is_not_kept(repo: Repo, log: Path) -> None:
    repo.write({"tests/test_broken.py": "import not_a_module_anywhere\n"})

    assert [collect(repo.root, run)[1] for run in ("1", "2")] == [None, None]
    assert collections(log) == 2


def test_a_change_of_the_interpreters_packages_changes_the_key(repo: Repo,
                                                                tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    site.mkdir()
    python = Interpreter(Path(sys.executable), "a venv", "test",
                         _found={"pytest": True, "coverage": True, "site": [str(site)]})
    command = TestCommand(app_dir=repo.root, paths=["tests"], python=python)
    before = collection_key(command, repo.root / ".qatron")

    (site / "newly_installed.pth").write_text("")
    later = time.time() + 5
    os.utime(site, (later, later))

    assert before is not None and collection_key(command, repo.root / ".qatron") != before


def test_a_planned_test_gone_since_the_collection_is_reported(repo: Repo, tmp_path: Path) -> None:
    planned, _ = collect(repo.root, "1")
    collect(repo.root, "2")  # the plan a run would get from the cache
    repo.write({"tests/test_prices.py": "def test_total():\n    assert 2 + 2 == 4\n"})

    shard = execute_shard(ShardSpec(
        index=1, count=1, nodeids=planned, run_dir=repo.root / ".qatron" / "runs" / "2",
        command=command_for(repo.root), rootdir=repo.root, deadline=time.monotonic() + 120))

    outcomes = {r.nodeid: r.outcome for r in shard.results}
    assert outcomes == {"tests/test_prices.py::test_price[eur]": Outcome.ERROR,
                        "tests/test_prices.py::test_price[usd]": Outcome.ERROR,
                        "tests/test_prices.py::test_total": Outcome.PASSED}
    gone = next(r for r in shard.results if r.outcome is Outcome.ERROR)
    assert "did not collect this test" in gone.message


def test_a_kept_collection_that_cannot_be_read_is_collected_again(repo: Repo, log: Path) -> None:
    collect(repo.root, "1")
    [kept] = (repo.root / ".qatron" / "collections").glob("run-*.json")
    kept.write_text('{"collect": "{not json", "results": ""}')

    again, cached = collect(repo.root, "2")
    _, cached_later = collect(repo.root, "3")

    assert (collections(log), cached, cached_later is not None) == (2, None, True)
    assert again == ["tests/test_prices.py::test_price[eur]",
                     "tests/test_prices.py::test_price[usd]", "tests/test_prices.py::test_total"]


def test_a_prefetch_starts_only_when_nothing_is_cached(repo: Repo, log: Path) -> None:
    state = repo.root / ".qatron"
    prefetch_uncached(command_for(repo.root), state / "runs" / "1", state)
    first = collect_cached(command_for(repo.root), state / "runs" / "1", state)
    prefetch_uncached(command_for(repo.root), state / "runs" / "2", state)
    started = [(state / "runs" / run / "logs" / "collect.log").exists() for run in ("1", "2")]
    second = collect_cached(command_for(repo.root), state / "runs" / "2", state)
    discard_prefetched()

    assert started == [True, False]
    assert (first.cached_for, second.cached_for is not None) == (None, True)
    assert collections(log) == 1
