"""Live progress of a run in the terminal, read from its run folder and the store.

The display only reads files the shards write anyway (node-id lists and the
plugin's JSON lines), so it shows the same thing however the run executes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
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
def watch(ctx: RunContext, console: Console, *, enabled: bool = True) -> Iterator[None]:
    """Show a live table of the run's shards while the body runs."""
    if not enabled:
        yield
        return
    from qatron.store import ResultsStore

    store = ResultsStore(ctx.database_url)
    try:
        with Live(console=console, refresh_per_second=4, transient=False,
                  get_renderable=lambda: render(ctx, store)):
            yield
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
    return Group(header, table)


def shard_progress(run_dir: Path) -> list[tuple[int, int, list[dict[str, Any]], int]]:
    """Per shard: index, planned tests, first-attempt results so far, rerun results so far."""
    rows = []
    planned_files = {int(found[1]): path for path in (run_dir / "shards").glob("shard-*.nodeids")
                     if (found := _PLAN.fullmatch(path.name))}
    for index, ids_file in sorted(planned_files.items()):
        planned = len([line for line in ids_file.read_text().splitlines() if line])
        results = _read_lines(ids_file.with_suffix(".jsonl"))
        reruns = sum(
            len(_read_lines(p)) for p in ids_file.parent.glob(f"shard-{index}.retry-*.jsonl")
        )
        rows.append((index, planned, results, reruns))
    return rows


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
