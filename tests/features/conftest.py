"""The shop's pytest-bdd suite run once through QAtron's shard runner, for several tests."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from qatron.config import Suite
from qatron.models import TestResult
from qatron.pytest_runner import ShardSpec, TestCommand, collect_tests, execute_shard
from tests.features.project import write_shop


@pytest.fixture(scope="session")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[TestResult], list[str]]:
    """The shop's suite with `tags: [smoke, regression]`, collected and run as two shards."""
    tmp = tmp_path_factory.mktemp("bdd")
    app = write_shop(tmp / "shop")
    suite = Suite(tags=["smoke", "regression"])
    command = TestCommand(app_dir=app, paths=["tests"], marker_expression=suite.marker_expression())
    collection = collect_tests(command, tmp / "run")
    results: list[TestResult] = []
    for index, nodeids in enumerate([collection.nodeids[:2], collection.nodeids[2:]], start=1):
        results += execute_shard(ShardSpec(
            index=index, count=2, nodeids=nodeids, run_dir=tmp / "run", command=command,
            rootdir=collection.rootdir, deadline=time.monotonic() + 120)).results
    return app, results, collection.nodeids
