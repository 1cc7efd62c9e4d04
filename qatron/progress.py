"""Live progress of a run in the terminal, read from its run folder and the store.

The display only reads files the shards write anyway (node-id lists and the
plugin's JSON lines), so it shows the same thing however the run executes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from qatron.console import cell

if TYPE_CHECKING:
    from rich.console import Console

    from qatron.run import RunContext
    from qatron.store import ResultsStore

#: A shard's planned node ids (a rerun's are in ``shard-N.retry-K.nodeids``).
_PLAN = re.compile(r"shard-(\d+)\.nodeids")


@contextmanager
def watch(ctx: RunContext, console: Console, *, enabled: bool = True
          ) -> Iterator[Callable[[], None]]:
    """Show a live table of the run's shards while the body runs; the body may stop it
    sooner by calling what it is given."""
    if not enabled:
        yield lambda: None
        return
    from qatron.store import ResultsStore

    store = ResultsStore(ctx.database_url)
    try:
        with Live(console=console, refresh_per_second=4, transient=False,
                  get_renderable=lambda: render(ctx, store)) as live:
            yield live.stop
    finally:
        store.close()


def render(ctx: RunContext, store: ResultsStore) -> Group:
    record = store.get_run(ctx.run_id)
    status = record.status if record else "queued"
    header = Text.assemble(("run ", "bold"), (str(ctx.run_id), "bold cyan"),
                           f"  {ctx.suite} on {ctx.environment}  ", (status, "bold yellow"))
    table = Table("shard", "progress", "done", "passed", "failed", "rerun", box=None)
    for index, planned, results, reruns in shard_progress(ctx.run_dir):
        passed = sum(1 for r in results if r["outcome"] in ("passed", "xfailed", "skipped"))
        failed = sum(1 for r in results if r["outcome"] in ("failed", "error"))
        table.add_row(f"{index}", ProgressBar(total=max(planned, 1), completed=len(results),
                                              width=30),
                      f"{len(results)}/{planned}", cell(passed, "green"),
                      cell(failed, "red") if failed else "0", str(reruns))
    load = load_progress(ctx.run_dir)
    if not load:
        return Group(header, table)
    loads = Table("load test", "progress", "users", "rps", "p95 ms", "failures", box=None)
    tests = ctx.project.config.load_tests.tests
    for name, live, length in load:
        length = tests[name].shape.length if name in tests else length
        elapsed = float(live.get("elapsed", 0))
        loads.add_row(cell(name), ProgressBar(total=max(length, 1.0), completed=elapsed,
                                              width=30),
                      cell(live.get("users", 0)), cell(f"{float(live.get('rps', 0)):.1f}"),
                      cell(f"{float(live.get('p95_ms', 0)):.0f}"),
                      cell(f"{live.get('failures', 0)}/{live.get('requests', 0)}",
                           "red" if live.get("failures") else ""))
    return Group(header, table, loads) if table.row_count else Group(header, loads)


def load_progress(run_dir: Path) -> list[tuple[str, dict[str, Any], float]]:
    """Per load test running or run: its name, its latest live figures (the runner's
    ``live.json``) and the seconds its shape lasts."""
    rows = []
    for path in sorted((run_dir / "load").glob("*/live.json")):
        try:
            live = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(live, dict):
            rows.append((path.parent.name, live, float(live.get("length", 0) or 0)))
    return rows


def shard_progress(run_dir: Path) -> list[tuple[int, int, list[dict[str, Any]], int]]:
    """Per shard: index, planned tests, first-attempt results so far, rerun results so far.

    A shard that collects the tests for itself plans none: it shows the tests it collected
    (the queue it pulls from) once it has.
    """
    rows = []
    planned_files = {int(found[1]): path for path in (run_dir / "shards").glob("shard-*.nodeids")
                     if (found := _PLAN.fullmatch(path.name))}
    for index, ids_file in sorted(planned_files.items()):
        planned = len([line for line in ids_file.read_text().splitlines() if line])
        results = _read_lines(ids_file.with_suffix(".jsonl"))
        if not planned:
            planned = _collected(ids_file.with_suffix(".jsonl"))
        reruns = sum(
            len(_read_lines(p)) for p in ids_file.parent.glob(f"shard-{index}.retry-*.jsonl")
        )
        rows.append((index, planned, results, reruns))
    return rows


def _collected(path: Path) -> int:
    """How many tests the shard's process collected (0 until it has)."""
    try:
        with path.open(encoding="utf-8") as lines:
            first = json.loads(lines.readline() or "{}")
    except (OSError, ValueError):
        return 0
    return int(first.get("count", 0)) if first.get("event") == "collected" else 0


def _read_lines(path: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return records
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("event") == "result":
            records.append(record)
    return records
