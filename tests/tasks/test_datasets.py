"""validate-dataset and refresh-dataset: real Great Expectations on the users project, each
report stored and shown as a markdown artifact."""

from __future__ import annotations

from pathlib import Path

from qatron.config import load_project
from qatron.store import ResultsStore, default_database_url
from tasks.datasets import artifact_key, refresh_dataset, validate_dataset
from tests.datasets import dedent, users_project
from tests.projects import artifacts_of
from tests.tasks.conftest import in_flow

GENERATED = """\
project: people
suites: {all: {}}
datasets:
  bad: {path: data/bad.csv, expectations: expectations.yml}
  Users.Generated:
    path: data/generated.parquet
    expectations: expectations.yml
    generate: {schema: schema.yml, rows: {users: 40}, seed: 3}
"""
SCHEMA = """\
tables:
  users:
    rows: 10
    columns:
      id: serial
      email: {type: email, unique: true}
      age: int:18..90
"""


def test_a_datasets_failed_expectations_are_stored_and_published(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = users_project(tmp_path / "people")

    report, flow_run = in_flow(lambda: validate_dataset.fn(project, "bad"))

    assert (report.success, report.failed, report.rows) == (False, 4, 5)
    with ResultsStore(default_database_url(project)) as store:
        [stored] = store.validations("people", "bad")
    assert (stored.failed, stored.content_hash) == (4, report.content_hash)
    [artifact] = artifacts_of(flow_run)
    assert artifact.key == "qatron-dataset-bad"
    assert artifact.description == report.summary()
    assert "expect_column_values_to_be_unique" in artifact.data


def test_refresh_regenerates_the_data_then_validates_and_publishes_it(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = users_project(tmp_path / "people", dedent(GENERATED))
    (project / "schema.yml").write_text(SCHEMA)

    report, flow_run = in_flow(lambda: refresh_dataset.fn(load_project(project),
                                                          "Users.Generated"))

    assert report.notes == ["regenerated data/generated.parquet: 40 rows"]
    assert report.success and report.rows == 40
    assert (project / "data" / "generated.parquet").exists()
    with ResultsStore(default_database_url(project)) as store:
        assert [r.rows for r in store.validations("people", "Users.Generated")] == [40]
    [artifact] = artifacts_of(flow_run)
    assert artifact.key == artifact_key("Users.Generated") == "qatron-dataset-users-generated"
    assert artifact.description == report.summary()
