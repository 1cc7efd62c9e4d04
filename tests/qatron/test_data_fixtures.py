"""Data fixtures and dotted test-data lookup in a throwaway project folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qatron.data_fixtures import get_test_data, load_data_fixture, project_dir


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with shared and ``staging`` data, used as QATRON_PROJECT_DIR."""
    write(tmp_path / "qatron.yml", "project: demo\n")
    write(tmp_path / "data/cards.json", json.dumps([{"number": "4111111111111111"}]))
    write(tmp_path / "data/staging/cards.yml", "- number: '5555555555554444'\n")
    write(tmp_path / "data/address.yaml", "city: Lyon\n")
    write(
        tmp_path / "data/test_data.yml",
        "users:\n  password: Shared123!\n  roles: [admin, buyer]\ncurrency: EUR\n",
    )
    write(tmp_path / "data/staging/test_data.yml", "users:\n  password: Staging123!\n")
    monkeypatch.setenv("QATRON_PROJECT_DIR", str(tmp_path))
    return tmp_path


def test_project_dir_from_environment_variable(project: Path) -> None:
    assert project_dir() == project.resolve()


def test_project_dir_is_nearest_folder_with_qatron_yml(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QATRON_PROJECT_DIR")
    nested = project / "tests" / "e2e"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert project_dir() == project.resolve()


def test_project_dir_falls_back_to_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QATRON_PROJECT_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert project_dir() == tmp_path.resolve()


def test_shared_fixture_when_env_has_none(project: Path) -> None:
    assert load_data_fixture("cards", "local") == [{"number": "4111111111111111"}]
    assert load_data_fixture("cards") == [{"number": "4111111111111111"}]


def test_environment_fixture_wins(project: Path) -> None:
    assert load_data_fixture("cards", "staging") == [{"number": "5555555555554444"}]


def test_yaml_extension(project: Path) -> None:
    assert load_data_fixture("address", "staging") == {"city": "Lyon"}


def test_each_call_returns_a_fresh_copy(project: Path) -> None:
    load_data_fixture("address")["city"] = "changed"
    assert load_data_fixture("address") == {"city": "Lyon"}


def test_missing_fixture_names_the_files_tried(project: Path) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        load_data_fixture("orders", "staging")
    message = str(caught.value)
    assert "'orders'" in message
    assert str(project / "data" / "staging" / "orders.json") in message
    assert str(project / "data" / "orders.yaml") in message


def test_unparsable_file_is_reported(project: Path) -> None:
    write(project / "data/broken.json", "{not json")
    with pytest.raises(ValueError, match="broken.json"):
        load_data_fixture("broken")


@pytest.mark.parametrize(
    ("key", "env", "expected"),
    [
        ("users.password", None, "Shared123!"),
        ("users.password", "staging", "Staging123!"),
        ("users.roles", "staging", ["admin", "buyer"]),
        ("users.roles.1", None, "buyer"),
        ("users.roles.-1", None, "buyer"),
        ("currency", "local", "EUR"),
    ],
)
def test_get_test_data(project: Path, key: str, env: str | None, expected: object) -> None:
    assert get_test_data(key, env) == expected


@pytest.mark.parametrize("key", ["users.email", "users.roles.5", "currency.code", "nothing"])
def test_missing_key_names_key_and_files(project: Path, key: str) -> None:
    with pytest.raises(KeyError) as caught:
        get_test_data(key, "staging")
    message = str(caught.value)
    assert repr(key) in message
    assert "staging" in message and "test_data.yml" in message


def test_missing_test_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QATRON_PROJECT_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="test_data.yml"):
        get_test_data("users.password", "local")
