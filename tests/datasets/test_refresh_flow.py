"""The refresh-datasets flow, the validate-dataset task and the Block on a real Prefect server."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.states import Failed

from blocks import QatronDataset
from flows.refresh_datasets import _chosen, refresh_datasets
from qatron.config import load_project
from qatron.datasets import DatasetReport
from qatron.errors import ConfigError, DatasetError
from qatron.store import ResultsStore
from tasks.datasets import _unreadable, artifact_key, validate_dataset
from tests.datasets import users_project
from tests.projects import artifacts_of as artifacts

pytestmark = pytest.mark.usefixtures("prefect_api_url")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return users_project(tmp_path / "people", """\
project: people
suites: {all: {}}
datasets:
  good: {path: data/good.csv, expectations: expectations.yml}
  bad: {path: data/bad.csv, expectations: expectations.yml}
  gone: {path: data/gone.csv, expectations: expectations.yml}
""")


def artifacts_of(flow_run_id: UUID) -> dict[str, str]:
    return {artifact.key: artifact.data for artifact in artifacts(flow_run_id) if artifact.key}


def test_an_unhealthy_dataset_fails_the_flow_as_dataset_failed(project: Path) -> None:
    state = refresh_datasets(project=str(project), datasets=["good", "bad"], return_state=True)

    assert (state.is_failed(), state.name) == (True, "DatasetFailed")
    assert state.message.startswith("bad: 4 of 5 expectations failed (")
    artifacts = artifacts_of(state.state_details.flow_run_id)
    assert set(artifacts) == {"qatron-dataset-good", "qatron-dataset-bad"}
    bad = artifacts["qatron-dataset-bad"]
    assert bad.startswith("# Dataset bad: UNHEALTHY\n1 of 5 expectations met on 5 rows;")
    assert "> datasets.bad has no 'generate': validated the data as it is" in bad
    assert bad.index("**FAILED**") < bad.index("| ok |")
    assert "| age | min_value=18, max_value=90 | 3 (60%) | 12, 130, 17 |" in bad
    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        assert [r.failed for r in store.validations("people", "bad")] == [4]
        assert [r.success for r in store.validations("people", "good")] == [True]


def test_healthy_datasets_complete_and_unreadable_ones_are_retried_then_infra_failed(
        project: Path) -> None:
    healthy = refresh_datasets(project=str(project), datasets=["good"], return_state=True)
    assert (healthy.name, healthy.message) == ("Completed", "1 dataset healthy")

    state = refresh_datasets(project=str(project), datasets=["gone"], return_state=True)

    assert (state.is_failed(), state.name) == (True, "InfraFailed")
    assert state.message.startswith("gone: datasets.gone.path: ")
    with get_client(sync_client=True) as client:
        [task_run] = client.read_task_runs(flow_run_filter=FlowRunFilter(
            id=FlowRunFilterId(any_=[state.state_details.flow_run_id])))
    assert task_run.run_count == 3  # the first attempt and two retries


def test_by_default_datasets_that_only_a_run_can_reach_are_left_out(tmp_path: Path) -> None:
    config = load_project(users_project(tmp_path / "people"))

    assert _chosen(config, None) == (
        ["good", "bad", "parquet", "sqlite"],
        ["warehouse (its url {warehouse.url} is filled in by a run's services)"])
    assert _chosen(config, ["warehouse"]) == (["warehouse"], [])


def test_only_unreadable_data_is_retried() -> None:
    assert _unreadable(None, None, Failed(data=DatasetError("database down")))
    assert not _unreadable(None, None, Failed(data=ConfigError("bad expectations")))
    assert artifact_key("Users_2024.v1") == "qatron-dataset-users-2024-v1"


@flow
def validate_in_a_flow(project: str, name: str) -> DatasetReport:
    return validate_dataset(project, name)


def test_the_task_validates_records_and_publishes(project: Path) -> None:
    report = validate_in_a_flow(str(project), "bad")

    assert (report.dataset, report.failed) == ("bad", 4)
    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        assert store.validations("people", "bad")[0].content_hash == report.content_hash


def test_a_saved_block_loads_and_validates(project: Path) -> None:
    QatronDataset(url=f"sqlite:///{project / 'data' / 'users.db'}", table="users",
                  expectations=[{"expect_column_values_to_be_unique": {"column": "email"}}]
                  ).save("people-users", overwrite=True)

    block = QatronDataset.load("people-users")

    report = block.validate_dataset()
    assert (report.dataset, report.failed, report.rows) == ("people-users", 1, 5)
    assert block.url is not None and "users.db" in block.url.get_secret_value()
