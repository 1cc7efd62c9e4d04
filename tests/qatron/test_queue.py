"""Queue mode: a shared queue hands each test out once; real shards pull from it."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from qatron.models import Outcome
from qatron.pytest_runner import ShardSpec, TestCommand, collect_tests, execute_shard
from qatron.queue import claim, claimed, create_queue, unclaimed, units_of
from tests.projects import write_project


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
