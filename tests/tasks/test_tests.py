"""collect-tests and run-local-shard on a small project: real pytest processes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from qatron.models import Outcome, ShardStatus
from qatron.pytest_runner import CollectionCancelled, ShardSpec
from qatron.run import test_command as command_of
from tasks.tests import collect_suite, run_local_shard
from tests.projects import write_project
from tests.qatron.test_junit_runner import NODE_COMMAND, NODE_FILES, qatron_yml
from tests.tasks.conftest import OpenContext

TESTS = """\
    from pathlib import Path

    def test_passes():
        pass

    def test_fails():
        assert 1 + 1 == 3, "arithmetic"

    def test_flaky():
        marker = Path(__file__).with_name("attempted")
        if not marker.exists():
            marker.touch()
            assert False, "first attempt"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "p", """
        project: tiny
        suites: {all: {retries: 1}}
    """, {"tests/test_t.py": TESTS, "tests/test_broken.py": "import not_a_module\n"})


def test_collection_lists_the_suites_tests_and_its_collection_errors(
        project: Path, open_ctx: OpenContext) -> None:
    ctx = open_ctx(project, "all")

    collection = collect_suite.fn(ctx, command_of(ctx))

    assert collection.nodeids == ["tests/test_t.py::test_passes", "tests/test_t.py::test_fails",
                                  "tests/test_t.py::test_flaky"]
    assert collection.rootdir == project
    [error] = collection.errors
    assert error.nodeid == "tests/test_broken.py"
    assert "No module named 'not_a_module'" in error.message


def test_a_cancelled_collection_stops_at_once(project: Path, open_ctx: OpenContext) -> None:
    ctx = open_ctx(project, "all")
    cancel = threading.Event()
    cancel.set()
    began = time.monotonic()

    with pytest.raises(CollectionCancelled):
        collect_suite.fn(ctx, command_of(ctx), cancel)

    assert time.monotonic() - began < 10


def test_a_shard_runs_its_tests_and_reruns_the_failures(
        project: Path, open_ctx: OpenContext) -> None:
    ctx = open_ctx(project, "all")
    command = command_of(ctx)
    nodeids = ["tests/test_t.py::test_passes", "tests/test_t.py::test_fails",
               "tests/test_t.py::test_flaky"]

    shard = run_local_shard.fn(ShardSpec(
        index=1, count=1, nodeids=nodeids, run_dir=ctx.run_dir, command=command,
        rootdir=project, deadline=time.monotonic() + 300, retries=1))

    assert shard.status is ShardStatus.FAILED
    by_name = {r.nodeid.rsplit("::", 1)[1]: r for r in shard.results}
    assert (by_name["test_passes"].outcome, by_name["test_passes"].attempts) == (
        Outcome.PASSED, 1)
    assert (by_name["test_fails"].outcome, by_name["test_fails"].attempts) == (Outcome.FAILED, 2)
    assert "arithmetic" in by_name["test_fails"].message
    assert by_name["test_flaky"].outcome is Outcome.PASSED and by_name["test_flaky"].flaky
    assert Path(shard.junit_path).exists() and Path(shard.log_path).exists()


def test_an_application_that_writes_junit_xml_is_collected_and_run_by_file(
        tmp_path: Path, open_ctx: OpenContext) -> None:
    project = write_project(tmp_path / "web", qatron_yml(NODE_COMMAND), NODE_FILES)
    ctx = open_ctx(project, "all")
    command = command_of(ctx)

    collection = collect_suite.fn(ctx, command)
    shard = run_local_shard.fn(ShardSpec(
        index=1, count=1, nodeids=["test/math.test.mjs", "test/sub/broken.test.mjs"],
        run_dir=ctx.run_dir, command=command, rootdir=collection.rootdir,
        deadline=time.monotonic() + 60, retries=1))

    assert collection.nodeids == ["test/flaky.test.mjs", "test/math.test.mjs",
                                  "test/sub/broken.test.mjs", "test/sub/strings.test.mjs"]
    assert shard.status is ShardStatus.FAILED
    assert {r.nodeid: (r.outcome, r.attempts) for r in shard.results} == {
        "adds": (Outcome.PASSED, 1), "multiplies": (Outcome.PASSED, 1),
        "checkout::always fails": (Outcome.FAILED, 2)}
