"""What the results store says about each test, for selection's priorities and reasons.

Only real failures count as "failed": a failure the failure analysis puts
down to infrastructure (a killed test process, a full disk, a lost shard)
or a test whose parametrised id changed between processes (see
``qatron.unstable_ids``) marks its test ``spurious`` instead, and selection
gives it no priority for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qatron.selection.model import TestHistory

if TYPE_CHECKING:
    from collections.abc import Iterable

    from qatron.models import TestResult
    from qatron.store import ResultsStore

RECENT_RUNS = 5


def load_history(store: ResultsStore, project: str, suite: str | None = None, *,
                 runs: int = RECENT_RUNS) -> dict[str, TestHistory]:
    """Last outcome, real failures in the newest ``runs`` ended runs, flakiness and duration."""
    ended = [r for r in store.list_runs(project=project, suite=suite, limit=4 * runs)
             if r.finished_at is not None][:runs]
    if not ended:
        return {}
    summaries = [summary for run in ended if (summary := store.load_summary(run.id))]
    last = summaries[0].results if summaries and summaries[0].run_id == ended[0].id else []
    recent = [result for summary in summaries for result in summary.results]
    return history_of(last, recent, store.durations(project))


def history_of(last: list[TestResult], recent: Iterable[TestResult],
               durations: dict[str, float]) -> dict[str, TestHistory]:
    """Each test's history from the ``last`` ended run's results, those of the ``recent``
    ended runs (the last one included; only their failures count) and the tests' median
    ``durations``."""
    outcomes = {r.nodeid: r for r in last}
    real: set[str] = set()
    spurious: set[str] = set()
    for result in recent:
        if result.outcome.is_failure:
            (real if real_failure(result) else spurious).add(result.nodeid)
    only_spurious = spurious - real
    return {nodeid: TestHistory(
        last_outcome=outcomes[nodeid].outcome.value if nodeid in outcomes else None,
        failed_recently=nodeid in real,
        flaky_score=1.0 if nodeid in outcomes and outcomes[nodeid].flaky else 0.0,
        mean_duration=durations.get(nodeid), spurious=nodeid in only_spurious)
        for nodeid in {*outcomes, *real, *spurious, *durations}}


def real_failure(result: TestResult) -> bool:
    """Whether a failed result is the test's own: not infrastructure, not an unstable id."""
    from qatron.failures.categories import categorise
    from qatron.failures.model import Failure

    if result.unstable_id:
        return False
    return categorise(Failure.from_result(result)).category != "infrastructure"
