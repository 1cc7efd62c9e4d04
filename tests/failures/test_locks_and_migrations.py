"""Shapes a library's or a service's own suite shows, read from pytest's own JUnit XML of a
small project: a TypeError whose message says what a built-in "expected" is the product's
programming error, not an assertion, and one line of product code raising one kind of
error is one cluster whatever each message says; an assertion on the migrations a
database applied is schema drift; a lock never released is one hang wherever it is taken
from (a ``__setitem__`` reached directly or through ``update``)."""

from __future__ import annotations

import pytest

from tests.failures.small_project import Analysed, analysed_project

CACHE = '''
import sqlite3
import threading


class Cache(dict):
    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()

    def __setitem__(self, key, value):
        with self._lock:
            with self._lock:
                super().__setitem__(key, value)

    def update(self, values):
        for key, value in values.items():
            self[key] = value


def merged(*mappings, factory=dict):
    return factory(*mappings)


MIGRATIONS = ["001_ports.sql", "002_sailings.sql", "004_vessels.sql"]


def migrate(database):
    database.execute("create table schema_migrations (name text)")
    database.executemany("insert into schema_migrations values (?)", [(m,) for m in MIGRATIONS])
    return database


def applied(database):
    return [name for (name,) in database.execute("select name from schema_migrations")]


def open_database():
    return migrate(sqlite3.connect(":memory:"))
'''

TESTS = '''
import pytest

from app import cache


@pytest.mark.timeout(1)
def test_set():
    store = cache.Cache()
    store["a"] = 1


@pytest.mark.timeout(1)
def test_update():
    store = cache.Cache()
    store.update({"b": 2})


def test_merged():
    assert cache.merged({1: 2}, {3: 4}) == {1: 2, 3: 4}


def test_merged_ordered():
    assert cache.merged({1: 2}, {3: 4}, factory=lambda: {}) == {1: 2, 3: 4}


def test_migrations_applied():
    assert cache.applied(cache.open_database()) == [
        "001_ports.sql", "002_sailings.sql", "003_berths.sql", "004_vessels.sql"]
'''


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Analysed]:
    return analysed_project(tmp_path_factory.mktemp("cache"), {
        "app/__init__.py": "", "app/cache.py": CACHE, "tests/test_cache.py": TESTS})


def test_a_builtins_expected_and_got_is_a_product_bug(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_merged"]
    assert category == "product_bug", evidence
    assert "app/cache.py" in evidence


def test_one_line_of_product_code_raising_one_kind_of_error_is_one_cluster(
        analysed: dict[str, Analysed]) -> None:
    merged, ordered = analysed["test_merged"], analysed["test_merged_ordered"]
    assert (merged[0], ordered[0]) == ("product_bug", "product_bug"), ordered[2]
    assert merged[1] == ordered[1]


def test_an_assertion_on_the_migrations_applied_is_schema_drift(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_migrations_applied"]
    assert category == "schema_drift", evidence


def test_a_lock_never_released_is_one_hang_wherever_it_is_taken_from(
        analysed: dict[str, Analysed]) -> None:
    assert analysed["test_set"][0] == analysed["test_update"][0] == "hang"
    assert analysed["test_set"][1] == analysed["test_update"][1]
