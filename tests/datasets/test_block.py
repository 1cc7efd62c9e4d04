"""The QatronDataset block validates through the same engine, expectations in memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from blocks import QatronDataset
from qatron.errors import ConfigError, DatasetError
from tests.datasets import users_project

EXPECTATIONS = [
    {"expect_column_values_to_be_between": {"column": "age", "min_value": 18, "max_value": 90}},
    {"expect_table_row_count_to_be_between": {"min_value": 1}},
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return users_project(tmp_path / "people") / "data"


def test_a_file_block_validates_its_expectations(data: Path) -> None:
    block = QatronDataset(path=str(data / "bad.parquet"), expectations=EXPECTATIONS)

    report = block.validate_dataset("users")

    assert (report.dataset, report.evaluated, report.failed, report.rows) == ("users", 2, 1, 5)
    assert report.failed_outcomes[0].sample == [12, 130, 17]


def test_a_database_block_keeps_its_url_secret(data: Path) -> None:
    block = QatronDataset(url=f"sqlite:///{data / 'users.db'}", table="users",
                          expectations=EXPECTATIONS[1:])

    assert isinstance(block.url, SecretStr) and "users.db" not in repr(block)
    report = block.validate_dataset("users")
    assert report.success and report.rows == 5


def test_block_errors_name_the_block(data: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        QatronDataset(path=str(data / "bad.csv"), expectations=[
            {"expect_column_values_to_be_unique": {"colum": "email"}}]).validate_dataset("users")
    assert str(caught.value) == (
        "block qatron-dataset/users: expectations[0].expect_column_values_to_be_unique.colum: "
        "unknown argument; did you mean 'column'? it takes: column, mostly, row_condition, "
        "condition_parser")
    with pytest.raises(ConfigError, match="^block qatron-dataset/users: give exactly one of "):
        QatronDataset(expectations=EXPECTATIONS).validate_dataset("users")
    with pytest.raises(DatasetError, match="^block qatron-dataset/users.path: .*: no such file. "
                                           "Create it or fix the path.$"):
        QatronDataset(path=str(data / "gone.csv"), expectations=EXPECTATIONS
                      ).validate_dataset("users")
