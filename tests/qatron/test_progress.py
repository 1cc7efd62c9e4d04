"""The live progress table of ``qatron run``, rendered to a real rich Console.

The table reads what the shards write anyway: ``shards/shard-N.nodeids`` (the plan)
and the plugin's JSON lines (``shard-N.jsonl``, ``shard-N.retry-K.jsonl``).
"""

from __future__ import annotations

import json
import re
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from qatron.models import RunStatus, ShardStatus
from qatron.progress import render, shard_progress, watch
from qatron.pytest_runner import ShardSpec, execute_shard
from qatron.run import RunContext
from qatron.run import test_command as command_of
from qatron.store import ResultsStore
from tests.projects import write_project
from tests.tasks.conftest import OpenContext, open_ctx  # noqa: F401 - the fixture

BAR = 30  # the progress bar's width in characters


@pytest.fixture
def ctx(tmp_path: Path, open_ctx: OpenContext) -> RunContext:  # noqa: F811
    project = write_project(tmp_path / "p", """
        project: watched
        suites: {all: {shards: 2}}
    """, {"tests/test_a.py": "def test_a():\n    pass\n"})
    return open_ctx(project, "all")


def plan(ctx: RunContext, index: int, count: int) -> None:
    shards = ctx.run_dir / "shards"
    shards.mkdir(exist_ok=True)
    (shards / f"shard-{index}.nodeids").write_text(
        "".join(f"tests/test_a.py::test_{n}\n" for n in range(count)))


def stream(ctx: RunContext, name: str, *outcomes: str, torn: bool = False) -> None:
    """Append what the plugin writes: a collected event, then started/result per test."""
    lines = [{"event": "collected", "count": len(outcomes), "pid": 1}]
    for n, outcome in enumerate(outcomes):
        nodeid = f"tests/test_a.py::test_{n}"
        lines += [{"event": "started", "nodeid": nodeid},
                  {"event": "result", "nodeid": nodeid, "outcome": outcome, "duration": 0.1}]
    text = "".join(json.dumps(line) + "\n" for line in lines)
    with (ctx.run_dir / "shards" / name).open("a") as out:
        out.write(text + ('{"event": "result", "nodeid": "tests/te' if torn else ""))


def shown(ctx: RunContext, color: bool = False) -> str:
    console = Console(file=StringIO(), width=100, color_system="standard" if color else None,
                      force_terminal=color)
    with ResultsStore(ctx.database_url) as store:
        console.print(render(ctx, store))
    return console.file.getvalue()


def rows(text: str) -> dict[str, list[str]]:
    """Shard index → [bar, done, passed, failed, rerun], as the table shows them."""
    found = {}
    for line in text.splitlines()[2:]:
        cells = line.split()
        if cells:
            found[cells[0]] = [cells[1] if len(cells) == 6 else "", *cells[-4:]]
    return found


def test_each_shard_shows_its_tests_done_passed_failed_and_reruns(ctx: RunContext) -> None:
    plan(ctx, 1, 4)
    plan(ctx, 2, 3)
    plan(ctx, 10, 2)
    stream(ctx, "shard-1.jsonl", "passed", "skipped", "xfailed", torn=True)
    stream(ctx, "shard-2.jsonl", "passed", "failed", "error")
    stream(ctx, "shard-2.retry-1.jsonl", "failed", "passed")

    text = shown(ctx)

    header, columns = text.splitlines()[:2]
    assert header == f"run {ctx.run_id}  all on local  queued"
    assert columns.split() == ["shard", "progress", "done", "passed", "failed", "rerun"]
    table = rows(text)
    assert list(table) == ["1", "2", "10"]  # by shard number, not by file name
    assert table["1"][1:] == ["3/4", "3", "0", "0"]
    assert table["2"][1:] == ["3/3", "1", "2", "2"]
    assert table["10"] == ["", "0/2", "0", "0", "0"]
    assert table["2"][0] == "━" * BAR
    assert table["1"][0] == "━" * 22 + "╸"  # 3 of 4: 22.5 of 30 characters


def test_a_shard_collecting_for_itself_shows_the_tests_it_collected(ctx: RunContext) -> None:
    plan(ctx, 1, 0)  # no planned tests: the shard's process collects them
    assert rows(shown(ctx))["1"][1] == "0/0"
    stream(ctx, "shard-1.jsonl", "passed", "failed", "passed")
    assert rows(shown(ctx))["1"][1:] == ["3/3", "2", "1", "0"]


def test_failures_are_red_and_passes_green(ctx: RunContext) -> None:
    plan(ctx, 1, 2)
    stream(ctx, "shard-1.jsonl", "passed", "failed")

    text = shown(ctx, color=True)

    assert re.search(r"\x1b\[32m1 *\x1b\[0m", text)  # one passed, in green
    assert re.search(r"\x1b\[31m1 *\x1b\[0m", text)  # one failed, in red


def test_the_header_follows_the_runs_status_in_the_store(ctx: RunContext) -> None:
    assert [line.rstrip() for line in shown(ctx).splitlines()] == [
        f"run {ctx.run_id}  all on local  queued", " shard  progress  done  passed  failed  rerun"]
    with ResultsStore(ctx.database_url) as store:
        store.set_status(ctx.run_id, RunStatus.RUNNING, "2 tests in 2 shard(s)")
    assert shown(ctx).splitlines()[0] == f"run {ctx.run_id}  all on local  running"
    with ResultsStore(ctx.database_url) as store:
        store.set_status(ctx.run_id, RunStatus.FAILED, "1 failed")
    assert shown(ctx).splitlines()[0] == f"run {ctx.run_id}  all on local  failed"


def test_watch_leaves_the_final_table_on_screen_once_the_run_ends(ctx: RunContext) -> None:
    console = Console(file=StringIO(), width=100, color_system=None)

    with watch(ctx, console):
        plan(ctx, 1, 2)
        stream(ctx, "shard-1.jsonl", "passed", "failed")

    text = console.file.getvalue()
    assert text.splitlines()[0] == f"run {ctx.run_id}  all on local  queued"
    assert rows(text)["1"][1:] == ["2/2", "1", "1", "0"]


def test_watch_shows_nothing_when_disabled(ctx: RunContext) -> None:
    console = Console(file=StringIO(), width=100, color_system=None)

    with watch(ctx, console, enabled=False):
        plan(ctx, 1, 2)

    assert console.file.getvalue() == ""


def test_a_real_shard_shows_its_progress_while_it_runs_and_its_rerun_after(
        ctx: RunContext) -> None:
    gate = ctx.run_dir / "gate"
    (ctx.project_dir / "tests" / "test_a.py").write_text(f"""
import time
from pathlib import Path

def test_first():
    pass

def test_waits():
    while not Path({str(gate)!r}).exists():
        time.sleep(0.05)
    assert False, "fails every time"

def test_last():
    pass
""")
    nodeids = [f"tests/test_a.py::test_{name}" for name in ("first", "waits", "last")]
    spec = ShardSpec(index=1, count=1, nodeids=nodeids, run_dir=ctx.run_dir,
                     command=command_of(ctx), rootdir=ctx.project_dir,
                     deadline=time.monotonic() + 300, retries=1)
    finished = []
    shard = threading.Thread(target=lambda: finished.append(execute_shard(spec)))
    shard.start()
    try:
        deadline = time.monotonic() + 120
        while not [r for _, _, results, _ in shard_progress(ctx.run_dir) for r in results]:
            assert time.monotonic() < deadline, "the shard reported no result in 120 s"
            time.sleep(0.1)
        assert rows(shown(ctx))["1"][1:] == ["1/3", "1", "0", "0"]
    finally:
        gate.touch()
        shard.join(300)

    assert finished and finished[0].status is ShardStatus.FAILED
    assert rows(shown(ctx))["1"] == ["━" * BAR, "3/3", "2", "1", "1"]
