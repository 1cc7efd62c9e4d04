"""Shards on workers, the engine side: volumes, heartbeats and a lost shard's results."""

from __future__ import annotations

import json
import time
from pathlib import Path

from qatron.config import load_project
from qatron.dispatch import heartbeat, merge_volumes, mounts, recover_shard, silent_for
from qatron.models import Outcome, ShardStatus
from qatron.options import RunOptions
from qatron.run import RunContext
from tests.projects import write_project


def context(tmp_path: Path, run_dir: Path, database_url: str) -> RunContext:
    root = tmp_path / "project"
    if not (root / "qatron.yml").exists():
        write_project(root, "project: p\nsuites: {s: {}}\n", {"tests/test_a.py": ""})
    return RunContext(run_id=7, project=load_project(root), options=RunOptions("s"),
                      run_dir=run_dir, database_url=database_url)


def test_mounts_name_each_folder_once_at_its_own_path(tmp_path: Path) -> None:
    inside = context(tmp_path, tmp_path / "project/.qatron/runs/7",
                     f"sqlite:///{tmp_path}/project/.qatron/results.db")
    assert mounts(inside) == [f"{tmp_path}/project:{tmp_path}/project"]

    apart = context(tmp_path, tmp_path / "runs/7", f"sqlite:///{tmp_path}/db/results.db")
    assert mounts(apart) == [f"{tmp_path}/project:{tmp_path}/project",
                             f"{tmp_path}/db:{tmp_path}/db", f"{tmp_path}/runs/7:{tmp_path}/runs/7"]

    on_postgres = context(tmp_path, tmp_path / "project/runs/7", "postgresql://h/db")
    assert mounts(on_postgres) == [f"{tmp_path}/project:{tmp_path}/project"]
    assert merge_volumes(["/a:/a", "/b:/b"], ["/b:/b", "/c:/c"]) == ["/a:/a", "/b:/b", "/c:/c"]


def stream(path: Path, *records: tuple[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as out:
        for nodeid, outcome in records:
            out.write(json.dumps({"event": "result", "nodeid": nodeid, "outcome": outcome,
                                  "duration": 0.1, "message": "", "traceback": "",
                                  "output_tail": "", "started_at": 0, "finished_at": 0,
                                  "markers": []}) + "\n")
        out.write('{"event": "result", "nodeid": "torn')  # the process died mid-line


def test_a_lost_shard_keeps_what_its_tests_streamed(tmp_path: Path) -> None:
    stream(tmp_path / "shards/shard-2.jsonl", ("t::a", "passed"), ("t::b", "failed"))
    stream(tmp_path / "shards/shard-2.retry-1.jsonl", ("t::b", "passed"))
    shard = recover_shard(tmp_path, 2, 3, ["t::a", "t::b", "t::c"], ShardStatus.INFRA_FAILED,
                          "its container is gone")
    assert shard.status is ShardStatus.INFRA_FAILED and shard.index == 2 and shard.count == 3
    assert [(r.nodeid, r.outcome) for r in shard.results] == [
        ("t::a", Outcome.PASSED), ("t::b", Outcome.PASSED), ("t::c", Outcome.ERROR)]
    assert shard.results[2].message == "its container is gone"


def test_a_lost_shard_matches_a_test_run_under_a_new_id_to_its_planned_id(
    tmp_path: Path
) -> None:
    path = tmp_path / "shards/shard-1.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"event": "collected", "count": 2, "pid": 1,
                                "stand_ins": {"t::a[222]": "t::a[111]"}}) + "\n")
    stream(path, ("t::a[222]", "passed"))
    shard = recover_shard(tmp_path, 1, 1, ["t::a[111]", "t::b"], ShardStatus.INFRA_FAILED,
                          "its container is gone")
    assert [(r.nodeid, r.outcome, r.unstable_id) for r in shard.results] == [
        ("t::a[222]", Outcome.PASSED, True), ("t::b", Outcome.ERROR, False)]


def test_a_heartbeat_beats_while_the_block_runs_and_stops_after(tmp_path: Path) -> None:
    alive = tmp_path / "shards/shard-1.alive"
    began = time.time()
    assert silent_for(alive, began) < 1  # no file yet: silent since ``since``
    with heartbeat(alive, interval=0.1):
        time.sleep(0.5)
        assert silent_for(alive, began - 100) < 0.3
    time.sleep(0.6)
    assert silent_for(alive, began - 100) >= 0.5
