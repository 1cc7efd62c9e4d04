"""What the results store says about each test, for selection's priorities and reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qatron.selection.model import TestHistory

if TYPE_CHECKING:
    from qatron.store import ResultsStore

RECENT_RUNS = 5


def load_history(store: ResultsStore, project: str, suite: str | None = None, *,
                 runs: int = RECENT_RUNS) -> dict[str, TestHistory]:
    """Last outcome, failures in the newest ``runs`` ended runs, flakiness and duration."""
    ended = [r for r in store.list_runs(project=project, suite=suite, limit=4 * runs)
             if r.finished_at is not None][:runs]
    if not ended:
        return {}
    last = store.load_summary(ended[0].id)
    outcomes = {r.nodeid: r for r in last.results} if last else {}
    recent = {nodeid for run in ended for nodeid in store.failed_nodeids(run.id)}
    durations = store.durations(project)
    return {nodeid: TestHistory(
        last_outcome=outcomes[nodeid].outcome.value if nodeid in outcomes else None,
        failed_recently=nodeid in recent,
        flaky_score=1.0 if nodeid in outcomes and outcomes[nodeid].flaky else 0.0,
        mean_duration=durations.get(nodeid)) for nodeid in {*outcomes, *recent, *durations}}
