"""The environment tasks on the shop example: real services up, seeded, then gone."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path

import pytest

from qatron.services import RunningEnvironment
from qatron.store import ResultsStore, default_database_url
from tasks.environment import (
    load_group_test_data,
    load_test_data,
    provision_environment,
    provision_group_environment,
    teardown_environment,
)
from tests.projects import copy_shop, processes_with
from tests.tasks.conftest import OpenContext


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return copy_shop(tmp_path / "shop")


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def rows(database: str, table: str) -> int:
    connection = sqlite3.connect(database)
    try:
        return connection.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        connection.close()


def test_provision_starts_healthy_services_hands_them_over_and_teardown_stops_them(
        shop: Path, open_ctx: OpenContext) -> None:
    ctx = open_ctx(shop, "smoke")
    held: list[RunningEnvironment] = []

    env = provision_environment.fn(ctx, held.append)
    try:
        assert held == [env]
        urls = {name: str(service.values["url"]) for name, service in env.services.items()}
        assert set(urls) == {"user-service", "payment-service", "web-frontend"}
        assert all(healthy(url) for url in urls.values())
        written = json.loads((ctx.run_dir / "environment.json").read_text())
        assert written["base_url"] == urls["user-service"]
        assert written["api_url"] == urls["payment-service"]
        assert written["currency"] == "EUR"
    finally:
        teardown_environment.fn(env)

    assert not any(healthy(url) for url in urls.values())
    assert processes_with(str(shop)) == []


def test_load_test_data_generates_loads_and_versions_the_environments_data(
        shop: Path, open_ctx: OpenContext) -> None:
    ctx = open_ctx(shop, "smoke", "seeded")
    env = provision_environment.fn(ctx)
    try:
        data = load_test_data.fn(ctx, env)

        database = str(env.services["customers-db"].values["path"])
        assert data["rows"] == {"customers": 1000, "cards": 2000}
        assert data["loaded"] == {"customers": 1000, "cards": 2000}
        assert (rows(database, "customers"), rows(database, "cards")) == (1000, 2000)
        assert json.loads((ctx.run_dir / "environment.json").read_text())["data"] == data
        with ResultsStore(ctx.database_url) as store:
            [version] = store.data_versions("shop", "seeded")
        assert (version.content_hash, version.run_id) == (data["version"], ctx.run_id)
    finally:
        teardown_environment.fn(env)
    assert not Path(data["tables"]["customers"]).exists()  # the data files go with the run


def test_a_groups_environment_is_provisioned_and_seeded_once_in_the_groups_folder(
        shop: Path, tmp_path: Path) -> None:
    folder = tmp_path / "group"
    folder.mkdir()

    env = provision_group_environment.fn(str(shop), "seeded", str(folder))
    try:
        data = load_group_test_data.fn(str(shop), "seeded", env)

        assert all(healthy(str(env.services[name].values["url"]))
                   for name in ("user-service", "payment-service"))
        assert env.services["user-service"].log_path.is_relative_to(folder)
        assert data["rows"] == {"customers": 1000, "cards": 2000}
        assert rows(str(env.services["customers-db"].values["path"]), "cards") == 2000
        with ResultsStore(default_database_url(shop)) as store:
            [version] = store.data_versions("shop", "seeded")
        assert version.run_id is None and version.content_hash == data["version"]
    finally:
        teardown_environment.fn(env)
    assert processes_with(str(shop)) == []
