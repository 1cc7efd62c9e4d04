"""Queue mode: a shared queue hands each test out once; real shards pull from it."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from qatron.models import Outcome, ShardResult, ShardStatus
from qatron.pytest_runner import (
    ShardSpec,
    TestCommand,
    collect_tests,
    execute_shard,
    read_collection,
)
from qatron.queue import claim, claimed, create_queue, unclaimed, units_of
from tests.projects import processes_with, write_project


def drain(path: str, shard: int) -> list[list[str]]:
    batches = []
    while batch := claim(Path(path), shard, 4):
        batches.append(batch)
    return batches


def test_concurrent_shards_get_every_test_exactly_once(tmp_path: Path) -> None:
    nodeids = [f"t.py::test_{n}" for n in range(400)]
    path = create_queue(tmp_path / "queue.json", units_of(nodeids, {}))
    with ProcessPoolExecutor(4) as pool:
        drained = list(pool.map(drain, [str(path)] * 4, range(1, 5)))
    got = [nodeid for batches in drained for batch in batches for nodeid in batch]
    assert sorted(got) == sorted(nodeids) and len(got) == len(set(got))
    assert unclaimed(path) == []
    for shard, batches in enumerate(drained, start=1):
        assert claimed(path, shard) == [n for batch in batches for n in batch]


def test_batches_shrink_and_groups_stay_together(tmp_path: Path) -> None:
    nodeids = [f"t.py::test_{n}" for n in range(200)]
    groups = {"t.py::test_1": "db", "t.py::test_150": "db"}
    path = create_queue(tmp_path / "queue.json", units_of(nodeids, groups))
    sizes = [len(batch) for batch in drain(str(path), 1)]
    assert sizes[0] == 6 and sizes[-1] == 1  # 5 units, one of them the group of 2
    assert sizes == sorted(sizes, reverse=True)
    first = claim(create_queue(tmp_path / "q2.json", units_of(nodeids, groups)), 1, 10)
    assert first == ["t.py::test_0", "t.py::test_1", "t.py::test_150"]


SLOW = "import time\n\n" + "".join(
    f"def test_{n}():\n    time.sleep({0.6 if n < 3 else 0.05})\n\n" for n in range(20))


def test_two_real_shards_share_a_skewed_suite(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n",
                            {"tests/test_slow.py": SLOW})
    command = TestCommand(app_dir=project, paths=["tests"])
    collection = collect_tests(command, tmp_path / "run")
    queue = create_queue(tmp_path / "run" / "queue.json", units_of(collection.nodeids, {}))
    shards: dict[int, object] = {}

    def run(index: int) -> None:
        shards[index] = execute_shard(ShardSpec(
            index=index, count=2, nodeids=collection.nodeids, run_dir=tmp_path / "run",
            command=command, rootdir=collection.rootdir, deadline=time.monotonic() + 120,
            queue=queue))

    threads = [threading.Thread(target=run, args=(i,)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ran = [r.nodeid for shard in shards.values() for r in shard.results]  # type: ignore[attr-defined]
    assert sorted(ran) == sorted(collection.nodeids) and len(ran) == len(set(ran))
    assert all(shard.nodeids for shard in shards.values())  # type: ignore[attr-defined]
    assert {r.outcome for s in shards.values() for r in s.results} == {Outcome.PASSED}  # type: ignore[attr-defined]


#: A suite whose shards collect for themselves: a module skipped while collected, a group
#: that must share a shard, and a test whose id changes in every process.
COLLECTING = {
    "tests/test_many.py": "import time\n\n" + "".join(
        f"def test_{n}():\n    time.sleep(0.02)\n\n" for n in range(24)),
    "tests/test_skipped.py": "import pytest\n\npytest.importorskip('no_such_module_here')\n",
    "tests/test_group.py": """
        import pytest

        @pytest.mark.xdist_group("db")
        def test_first():
            pass

        @pytest.mark.xdist_group(name="db")
        def test_second():
            pass
    """,
    "tests/test_unstable.py": """
        import uuid
        import pytest

        @pytest.mark.parametrize("value", [uuid.uuid4().hex])
        def test_random(value):
            assert value
    """,
}


def collecting_shards(project: Path, run_dir: Path, count: int = 2) -> dict[int, ShardResult]:
    """``count`` shards started together, each collecting the suite for itself."""
    command = TestCommand(app_dir=project, paths=["tests"])
    shards: dict[int, ShardResult] = {}

    def run(index: int) -> None:
        shards[index] = execute_shard(ShardSpec(
            index=index, count=count, nodeids=[], run_dir=run_dir, command=command,
            rootdir=project, deadline=time.monotonic() + 120, queue=run_dir / "queue.json",
            collect=True))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(1, count + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return shards


def test_shards_collecting_for_themselves_run_every_collected_test_once(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n", COLLECTING)
    shards = collecting_shards(project, tmp_path / "run")
    collection = read_collection(tmp_path / "run")  # written by the first to finish collecting
    assert len(collection.nodeids) == 27 and collection.rootdir == project
    assert [r.nodeid for r in collection.skipped] == ["tests/test_skipped.py"]
    assert "could not import 'no_such_module_here'" in collection.skipped[0].message
    claimed_ids = [n for shard in shards.values() for n in shard.nodeids]
    assert sorted(claimed_ids) == sorted(collection.nodeids)  # each test claimed once
    results = [r for shard in shards.values() for r in shard.results]
    assert len(results) == 27 and {r.outcome for r in results} == {Outcome.PASSED}
    assert all(shard.status is ShardStatus.PASSED for shard in shards.values())
    # the module skip is the collection's, not a result of either shard
    assert not any(r.nodeid == "tests/test_skipped.py" for r in results)
    group = {"tests/test_group.py::test_first", "tests/test_group.py::test_second"}
    assert [s.index for s in shards.values() if group <= set(s.nodeids)] != []
    [random] = [n for n in collection.nodeids if "test_random" in n]
    [ran] = [r for r in results if "test_random" in r.nodeid]
    assert ran.outcome is Outcome.PASSED  # under this shard's own id where it differs
    assert ran.unstable_id is (ran.nodeid != random)


DIES_COLLECTING = """
    import os
    import subprocess
    import sys

    def pytest_collection_modifyitems(items):
        if os.environ["QATRON_SHARD"].split("/")[0] in os.environ["DIE_IN_SHARDS"].split(","):
            subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)",
                              os.environ["LEFT_BEHIND"]])
            os._exit(3)
"""


def test_a_shard_dying_while_collecting_leaves_its_tests_to_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n",
                            {**COLLECTING, "tests/conftest.py": DIES_COLLECTING})
    monkeypatch.setenv("DIE_IN_SHARDS", "1")
    monkeypatch.setenv("LEFT_BEHIND", str(tmp_path / "left-behind"))
    started = time.monotonic()
    shards = collecting_shards(project, tmp_path / "run")
    assert time.monotonic() - started < 60  # the other shard did not wait for it
    dead, alive = shards[1], shards[2]
    assert dead.status is ShardStatus.INFRA_FAILED and dead.nodeids == [] == dead.results
    assert dead.message.startswith("test process exited with code 3 while collecting the tests")
    assert alive.status is ShardStatus.PASSED and len(alive.results) == 27
    assert processes_with(str(tmp_path / "left-behind")) == []  # stopped with its shard


def test_no_shard_writes_a_collection_when_every_one_dies_collecting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n",
                            {**COLLECTING, "tests/conftest.py": DIES_COLLECTING})
    monkeypatch.setenv("DIE_IN_SHARDS", "1,2")
    monkeypatch.setenv("LEFT_BEHIND", str(tmp_path / "left-behind"))
    shards = collecting_shards(project, tmp_path / "run")
    assert {shard.status for shard in shards.values()} == {ShardStatus.INFRA_FAILED}
    assert not (tmp_path / "run" / "queue.json").exists()
    assert not (tmp_path / "run" / "collect.json").exists()
    assert claimed(tmp_path / "run" / "queue.json", 1) == []
    assert processes_with(str(tmp_path / "left-behind")) == []


def test_a_shard_finding_the_queue_written_runs_its_claims_under_its_own_ids(
        tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n", COLLECTING)
    run_dir = tmp_path / "run"
    # another shard finished collecting first: its collection and queue are there
    first = collect_tests(TestCommand(app_dir=project, paths=["tests"]), run_dir)
    create_queue(run_dir / "queue.json", units_of(first.nodeids, {}))
    [shard] = collecting_shards(project, run_dir, count=1).values()
    assert read_collection(run_dir).nodeids == first.nodeids  # not written again
    assert sorted(shard.nodeids) == sorted(first.nodeids)
    [random] = [r for r in shard.results if "test_random" in r.nodeid]
    assert random.unstable_id and random.outcome is Outcome.PASSED
    assert random.nodeid not in first.nodeids and len(shard.results) == 27
