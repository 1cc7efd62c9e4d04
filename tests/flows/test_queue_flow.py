"""run-suite without history pulls from a queue; with history it splits on durations."""

from __future__ import annotations

from pathlib import Path

from flows.run_suite import run_suite
from qatron.store import ResultsStore, default_database_url
from tests.projects import write_project

TESTS = "import time\n\n" + "".join(
    f"def test_{n}():\n    time.sleep({0.5 if n < 2 else 0.02})\n\n" for n in range(12))


def test_the_first_run_pulls_from_a_queue_the_next_uses_its_durations(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = write_project(tmp_path / "p", "project: q\nsuites: {all: {shards: 2}}\n",
                            {"tests/test_many.py": TESTS})
    for _ in range(2):
        run_suite(suite="all", project=str(project), return_state=True)
    with ResultsStore(default_database_url(project)) as store:
        second, first = store.list_runs()
        runs = [(run, store.load_summary(run.id)) for run in (first, second)]
    (first, queued), (second, split) = runs
    assert first.sharding == "queue" and second.sharding == "history"
    for summary in (queued, split):
        ran = [r.nodeid for s in summary.shards for r in s.results]
        assert len(ran) == 12 == len(set(ran))  # every test once
        assert len(summary.shards) == 2 and all(s.nodeids for s in summary.shards)
        assert summary.status.value == "completed"
    # the queue's shards hold what each claimed; together, every test once
    assert sorted(n for s in queued.shards for n in s.nodeids) == sorted(
        r.nodeid for s in queued.shards for r in s.results)
    assert (Path(first.run_dir) / "queue.json").exists()
    assert not (Path(second.run_dir) / "queue.json").exists()
