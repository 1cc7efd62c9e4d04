"""Per-test coverage maps in the results store, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from qatron.selection.coverage_map import AT_IMPORT, CoverageMap, FileCoverage
from qatron.store import ResultsStore, StoreError
from qatron.store.engine import HEAD_REVISION, alembic_config, open_engine
from qatron.store.models import VERSION_TABLE, Base

A, B, C, D = (f"tests/unit/test_x.py::test_{name}" for name in "abcd")
E2E = "tests/e2e/test_flow.py::test_journey"


def cmap(files: dict[str, tuple[str, dict[int, set[str]]]], tests: set[str]) -> CoverageMap:
    return CoverageMap(
        files={path: FileCoverage(digest, {line: frozenset(names) for line, names in lines.items()})
               for path, (digest, lines) in files.items()},
        tests=set(tests))


def lines_of(loaded: CoverageMap, path: str) -> dict[int, set[str]]:
    return {line: set(names) for line, names in loaded.files[path].lines.items()}


def test_schema_at_head_matches_the_models(store: ResultsStore, url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            version = connection.execute(text(f"select version_num from {VERSION_TABLE}"))
            assert version.scalars().all() == [HEAD_REVISION] == ["0013"]
            context = MigrationContext.configure(
                connection, opts={"version_table": VERSION_TABLE, "compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_a_store_from_before_coverage_maps_is_upgraded(url: str) -> None:
    from alembic import command

    engine, _ = open_engine(url)  # creates the SQLite file's folder
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.execute(text(
                "insert into runs (project, suite, environment, status, created_at, params, meta)"
                " values ('shop', 'unit', 'local', 'completed', '2025-11-22 10:00:00+00:00',"
                " '{}', '{}')"))
    finally:
        engine.dispose()
    with ResultsStore(url) as upgraded:
        assert upgraded.get_run(1).project == "shop"
        upgraded.save_coverage_map("shop", "shop", cmap({"a.py": ("h", {1: {A}})}, {A}), 1)
        assert upgraded.load_coverage_map("shop", "shop").run_id == 1


def test_round_trip(store: ResultsStore) -> None:
    assert store.load_coverage_map("shop", "shop") is None
    run_id = store.create_run("shop", "unit", "local")
    saved = cmap({
        "src/calc.py": ("h1", {3: {A, B}, 4: {A, B}, 5: {A}, 9: {B, C}, 10: {B, C}, 12: {C}}),
        "tests/unit/test_x.py": ("h2", {2: {A}, 5: {B}, 8: {C}}),
        "src/imported_only.py": ("h3", {}),
    }, {A, B, C})
    store.save_coverage_map("shop", "shop", saved, run_id)

    loaded = store.load_coverage_map("shop", "shop")
    assert loaded == CoverageMap(files=saved.files, tests={A, B, C}, run_id=run_id)
    assert loaded.files["src/calc.py"].lines[3] is loaded.files["src/calc.py"].lines[4]
    assert store.load_coverage_map("shop", "other-app") is None
    assert store.load_coverage_map("other-project", "shop") is None


def test_same_content_keeps_other_tests_and_replaces_the_ones_that_ran(
        store: ResultsStore) -> None:
    store.save_coverage_map("shop", "shop", cmap({
        "src/calc.py": ("h1", {3: {A, B}, 5: {A}, 9: {B}}),
        "src/other.py": ("o1", {1: {A}}),
    }, {A, B}))
    # B ran again and now runs line 5 instead of 9; A did not run; C is new.
    store.save_coverage_map("shop", "shop", cmap({
        "src/calc.py": ("h1", {3: {B}, 5: {B, C}}),
        "src/new.py": ("n1", {7: {C}}),
    }, {B, C}))

    loaded = store.load_coverage_map("shop", "shop")
    assert loaded.tests == {A, B, C}
    assert lines_of(loaded, "src/calc.py") == {3: {A, B}, 5: {A, B, C}}
    assert lines_of(loaded, "src/other.py") == {1: {A}}  # not run this time: left alone
    assert lines_of(loaded, "src/new.py") == {7: {C}}


def test_changed_content_replaces_the_file_and_waits_for_its_old_tests(
        store: ResultsStore) -> None:
    store.save_coverage_map("shop", "shop", cmap({
        "src/calc.py": ("h1", {3: {A}, 9: {B}}),
        "src/other.py": ("o1", {1: {C}}),
    }, {A, B, C, D}))
    # calc.py changed; only A ran. B ran the old version and has not run the new one.
    store.save_coverage_map("shop", "shop", cmap({"src/calc.py": ("h2", {4: {A}})}, {A}))
    loaded = store.load_coverage_map("shop", "shop")
    assert "src/calc.py" not in loaded.files  # falls back to the import graph
    assert loaded.files["src/other.py"].content_hash == "o1"

    # B runs on the new version: now every test is accounted for (C and D never ran it).
    store.save_coverage_map("shop", "shop", cmap({"src/calc.py": ("h2", {8: {B}})}, {B}))
    loaded = store.load_coverage_map("shop", "shop")
    assert loaded.files["src/calc.py"].content_hash == "h2"
    assert lines_of(loaded, "src/calc.py") == {4: {A}, 8: {B}}


def test_collected_forgets_tests_gone_from_the_folders_it_collected(
        store: ResultsStore) -> None:
    store.save_coverage_map("shop", "shop", cmap({
        "src/calc.py": ("h1", {3: {A}, 9: {B}, 12: {E2E}}),
    }, {A, B, E2E}))
    # B was deleted; calc.py changed; the unit suite ran A (E2E is in another folder).
    store.save_coverage_map("shop", "shop", cmap({"src/calc.py": ("h2", {3: {A}})}, {A}),
                            collected=[A, C])
    loaded = store.load_coverage_map("shop", "shop")
    assert loaded.tests == {A, E2E}
    assert "src/calc.py" not in loaded.files  # E2E ran the old version and not the new

    store.save_coverage_map("shop", "shop", cmap({"src/calc.py": ("h2", {5: {E2E}})}, {E2E}),
                            collected=[E2E])
    loaded = store.load_coverage_map("shop", "shop")
    assert lines_of(loaded, "src/calc.py") == {3: {A}, 5: {E2E}}

    # A forgotten test that runs again is known again.
    store.save_coverage_map("shop", "shop", cmap({"src/calc.py": ("h2", {6: {B}})}, {B}))
    assert store.load_coverage_map("shop", "shop").tests == {A, B, E2E}


def test_lines_run_at_import_are_kept_and_never_forgotten(store: ResultsStore) -> None:
    at_root = "test_root.py::test_r"  # in the top folder, whose name is AT_IMPORT's too
    store.save_coverage_map("shop", "shop", cmap({
        "src/calc.py": ("h1", {1: {AT_IMPORT}, 3: {AT_IMPORT, A}, 5: {A}}),
    }, {A}))
    # A run that collected only the top folder's test and never imported calc.py.
    store.save_coverage_map("shop", "shop", cmap({"src/other.py": ("o1", {1: {at_root}})},
                                                 {at_root}), collected=[at_root])
    loaded = store.load_coverage_map("shop", "shop")
    assert loaded.tests == {A, at_root}
    assert lines_of(loaded, "src/calc.py") == {1: {AT_IMPORT}, 3: {AT_IMPORT, A}, 5: {A}}


def test_concurrent_saves_of_one_application_both_count(store: ResultsStore) -> None:
    maps = [cmap({"src/calc.py": ("h1", {line: {f"tests/t.py::test_{n}_{line}" for n in range(50)}
                                          for line in range(first, first + 200)})},
                 {f"tests/t.py::test_{n}_{line}" for n in range(50)
                  for line in range(first, first + 200)}) for first in (1, 1001)]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda saved: store.save_coverage_map("shop", "shop", saved), maps))
    loaded = store.load_coverage_map("shop", "shop")
    assert len(loaded.tests) == 20_000
    assert loaded.files["src/calc.py"].lines == {**maps[0].files["src/calc.py"].lines,
                                                 **maps[1].files["src/calc.py"].lines}


def test_run_id_is_checked_and_cleared_when_the_run_is_deleted(
        store: ResultsStore, url: str) -> None:
    with pytest.raises(StoreError, match="run 99 does not exist"):
        store.save_coverage_map("shop", "shop", cmap({"a.py": ("h", {})}, set()), 99)
    first, second = (store.create_run("shop", "unit", "local") for _ in range(2))
    store.save_coverage_map("shop", "shop", cmap({"a.py": ("h", {1: {A}})}, {A}), first)
    store.save_coverage_map("shop", "shop", cmap({"b.py": ("h", {1: {B}})}, {B}), second)
    assert store.load_coverage_map("shop", "shop").run_id == second

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.execute(text("PRAGMA foreign_keys=ON"))
            connection.execute(text(f"delete from runs where id in ({first}, {second})"))
            run_ids = connection.execute(text("select run_id from coverage_files")).scalars()
            assert run_ids.all() == [None, None]
    finally:
        engine.dispose()
    loaded = store.load_coverage_map("shop", "shop")
    assert loaded.run_id is None and set(loaded.files) == {"a.py", "b.py"}


def big_map(files: int, tests: int, seed: int = 0) -> CoverageMap:
    """``files`` modules of 10 eight-line functions, each run by about 20 of ``tests``."""
    rng = random.Random(seed)
    names = [f"tests/test_m{number // 50}.py::test_{number % 50}" for number in range(tests)]
    result = CoverageMap(tests=set(names))
    for index in range(files):
        lines: dict[int, frozenset[str]] = {}
        for function in range(10):
            runners = frozenset(rng.sample(names, rng.randint(5, 35)))
            lines.update((function * 10 + offset, runners) for offset in range(2, 10))
        result.files[f"src/pkg{index // 100}/mod_{index}.py"] = FileCoverage(f"{index:040x}", lines)
    return result


@pytest.mark.timeout(600)
def test_big_map_saves_and_loads_in_seconds(store: ResultsStore, url: str) -> None:
    saved = big_map(2000, 10_000)
    began = time.perf_counter()
    store.save_coverage_map("big", "app", saved)
    first_save = time.perf_counter() - began
    began = time.perf_counter()
    loaded = store.load_coverage_map("big", "app")
    load = time.perf_counter() - began
    began = time.perf_counter()
    store.save_coverage_map("big", "app", saved)  # every file merged with its stored row
    merge_save = time.perf_counter() - began

    assert loaded == saved
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(text(
                "select sum(length(cast(lines as text))) from coverage_files")).scalar()
    finally:
        engine.dispose()
    print(f"\n[{engine.dialect.name}] 2000 files x 10000 tests: save {first_save:.2f}s, "
          f"load {load:.2f}s, merge-save {merge_save:.2f}s, lines JSON {stored / 1e6:.1f} MB")
    assert first_save + load + merge_save < 120
