"""Data versions in the results store: saved, listed newest first, tied to runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qatron.errors import ConfigError, StoreError
from qatron.store import ResultsStore
from qatron.store.data import DataVersion
from qatron.testdata import DataSchema, GeneratedData, generate


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ResultsStore]:
    with ResultsStore(f"sqlite:///{tmp_path}/r.db") as opened:
        yield opened


def test_round_trip(store: ResultsStore, shop_data: GeneratedData, tmp_path: Path) -> None:
    files = shop_data.write(tmp_path / "v1")
    run_id = store.create_run("shop", "smoke", "staging")
    before = datetime.now(UTC)
    version_id = store.save_data_version("shop", "staging", shop_data, files, run_id=run_id)
    [version] = store.data_versions("shop", "staging")
    assert version == DataVersion(
        id=version_id, project="shop", name="staging", content_hash=shop_data.content_hash,
        schema_hash=shop_data.schema_hash, seed=42,
        rows={"users": 1000, "payment_methods": 500},
        files={name: str(path) for name, path in files.items()}, run_id=run_id,
        created_at=version.created_at)
    assert before - timedelta(seconds=1) <= version.created_at <= datetime.now(UTC)


def test_newest_first_with_limit_and_per_name(store: ResultsStore, shop_schema: DataSchema,
                                              tmp_path: Path) -> None:
    hashes = []
    for seed in range(3):
        data = generate(shop_schema, rows={"users": 10, "payment_methods": 5}, seed=seed)
        store.save_data_version("shop", "staging", data, {})
        hashes.append(data.content_hash)
    store.save_data_version("shop", "local", data, {})
    store.save_data_version("other", "staging", data, {})
    assert [v.content_hash for v in store.data_versions("shop", "staging")] == hashes[::-1]
    assert [v.seed for v in store.data_versions("shop", "staging", limit=2)] == [2, 1]
    assert len(store.data_versions("shop", "local")) == 1
    assert store.data_versions("shop", "nothing") == []


def test_unknown_run_is_refused(store: ResultsStore, shop_data: GeneratedData) -> None:
    with pytest.raises(StoreError, match="run 99 does not exist"):
        store.save_data_version("shop", "staging", shop_data, {}, run_id=99)
    assert store.data_versions("shop", "staging") == []


def test_seed_must_fit_the_column(store: ResultsStore, shop_schema: DataSchema) -> None:
    data = generate(shop_schema, rows={"users": 1, "payment_methods": 1}, seed=2**40)
    with pytest.raises(ConfigError, match=r"seed 1099511627776 can't be stored"):
        store.save_data_version("shop", "staging", data, {})
