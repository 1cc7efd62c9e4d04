"""dispatch-shard against the session's Prefect server: a deployment that is not registered,
and a shard cancelled before any worker took its flow run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
from prefect.client.schemas.objects import StateType

from qatron.errors import ConfigError
from qatron.models import Outcome, ShardResult, ShardStatus
from qatron.run import RunContext
from tasks.dispatch import dispatch_shard
from tests.projects import unserved_deployment, write_project
from tests.tasks.conftest import OpenContext

POOL = "qatron-tasks-unserved"
NODEIDS = ["tests/test_a.py::test_a", "tests/test_a.py::test_b"]


@pytest.fixture
def ctx(tmp_path: Path, open_ctx: OpenContext) -> RunContext:
    project = write_project(tmp_path / "p", "project: sent\nsuites: {all: {shards: 1}}\n",
                            {"tests/test_a.py": "def test_a():\n    pass\n\n"
                                                "def test_b():\n    pass\n"})
    return open_ctx(project, "all")


@pytest.fixture
def unserved(prefect_api_url: str) -> Iterator[str]:
    """``run-shard/tasks-unserved``: a work pool no worker polls."""
    with unserved_deployment("run-shard", "tasks-unserved", POOL) as deployment:
        yield deployment


def dispatch(ctx: RunContext, deployment: str, cancel: threading.Event) -> ShardResult:
    return dispatch_shard.fn(ctx, deployment, 1, 1, NODEIDS, ctx.project_dir,
                             time.time() + 300, False, cancel)


def test_a_deployment_that_is_not_registered_says_how_to_register_it(
        ctx: RunContext, prefect_api_url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        dispatch(ctx, "run-shard/nowhere", threading.Event())

    assert str(caught.value).startswith("shard_deployment 'run-shard/nowhere' is not "
                                        "registered on the Prefect server")
    assert "`prefect deploy --all`" in str(caught.value)


def test_a_cancelled_shard_cancels_its_unclaimed_flow_run_and_reports_its_tests(
        ctx: RunContext, unserved: str) -> None:
    cancel = threading.Event()
    cancel.set()

    shard = dispatch(ctx, unserved, cancel)

    assert (shard.index, shard.count, shard.status) == (1, 1, ShardStatus.CANCELLED)
    assert [(r.nodeid, r.outcome) for r in shard.results] == [(n, Outcome.ERROR)
                                                               for n in NODEIDS]
    assert f"on {unserved} ended without saving its results (Cancelled" in shard.message
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(unserved)
        [flow_run] = client.read_flow_runs(deployment_filter=DeploymentFilter(
            id=DeploymentFilterId(any_=[deployment.id])))
    assert flow_run.state is not None and flow_run.state.type is StateType.CANCELLED
    assert flow_run.parameters["run_id"] == ctx.run_id
    assert flow_run.parameters["nodeids"] == NODEIDS
    assert f"qatron-run-{ctx.run_id}" in flow_run.tags
