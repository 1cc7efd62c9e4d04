"""Conversions between stored rows and QAtron's dataclasses.

Rows keep timezone-aware UTC datetimes; :mod:`qatron.models` uses epoch seconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from qatron.quarantine import QuarantineMatch, restore_quarantine
from qatron.store.models import RunRow, ShardRow, TestResultRow
from qatron.store.run_record import RunRecord as RunRecord


def to_epoch(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def from_epoch(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def to_run_record(row: RunRow, counts: dict[str, int]) -> RunRecord:
    return RunRecord(
        id=row.id, project=row.project, suite=row.suite, environment=row.environment,
        status=RunStatus(row.status), branch=row.branch, commit=row.commit,
        created_at=row.created_at, started_at=row.started_at, finished_at=row.finished_at,
        message=row.message, run_dir=row.run_dir, flow_run_id=row.flow_run_id,
        params=row.params or {}, counts=counts, owner=row.owner,
        sharding=row.sharding, folder_removed_at=row.folder_removed_at,
    )


def fill_shard_row(row: ShardRow, shard: ShardResult) -> None:
    """Copy everything but the results from ``shard`` onto ``row``."""
    row.count = shard.count
    row.status = ShardStatus(shard.status).value
    row.started_at = from_epoch(shard.started_at)
    row.finished_at = from_epoch(shard.finished_at)
    row.exit_code = shard.exit_code
    row.message = shard.message
    row.planned = len(shard.nodeids)
    row.nodeids = list(shard.nodeids)
    row.junit_path = shard.junit_path
    row.log_path = shard.log_path


def result_values(result: TestResult, run_id: int, shard_id: int) -> dict[str, Any]:
    """Column values of one test_results row (for a bulk insert)."""
    return {
        "run_id": run_id, "shard_id": shard_id, "nodeid": result.nodeid,
        "outcome": Outcome(result.outcome).value, "duration": float(result.duration),
        "attempts": result.attempts, "flaky": result.flaky, "message": result.message,
        "traceback": result.traceback, "output_tail": result.output_tail,
        "started_at": from_epoch(result.started_at),
        "finished_at": from_epoch(result.finished_at), "markers": list(result.markers),
        "unstable_id": result.unstable_id, "attachments": list(result.attachments),
    }


def to_run_summary(run: RunRow, shards: Sequence[ShardRow], results: Sequence[TestResultRow],
                   quarantine: Sequence[QuarantineMatch] = ()) -> RunSummary:
    """The whole run; ``shards`` in index order, ``results`` in stored order, ``quarantine``
    its matches (results they cover are marked quarantined again)."""
    by_shard: dict[int, list[TestResultRow]] = defaultdict(list)
    for row in results:
        by_shard[row.shard_id].append(row)
    summary = RunSummary(
        run_id=run.id, project=run.project, suite=run.suite, environment=run.environment,
        status=RunStatus(run.status),
        shards=[to_shard_result(shard, by_shard[shard.id]) for shard in shards],
        started_at=to_epoch(run.started_at), finished_at=to_epoch(run.finished_at),
        branch=run.branch, commit=run.commit, message=run.message or "", run_dir=run.run_dir,
        quarantine=list(quarantine),
    )
    restore_quarantine(summary.quarantine, summary.results)
    return summary


def to_shard_result(row: ShardRow, results: list[TestResultRow]) -> ShardResult:
    return ShardResult(
        index=row.index, count=row.count, status=ShardStatus(row.status),
        nodeids=list(row.nodeids or []),
        results=[to_test_result(result, row.index) for result in results],
        started_at=to_epoch(row.started_at), finished_at=to_epoch(row.finished_at),
        exit_code=row.exit_code, message=row.message, junit_path=row.junit_path,
        log_path=row.log_path,
    )


def to_test_result(row: TestResultRow, shard_index: int) -> TestResult:
    return TestResult(
        nodeid=row.nodeid, outcome=Outcome(row.outcome), duration=row.duration,
        attempts=row.attempts, flaky=row.flaky, message=row.message,
        traceback=row.traceback, output_tail=row.output_tail, shard_index=shard_index,
        started_at=to_epoch(row.started_at), finished_at=to_epoch(row.finished_at),
        markers=list(row.markers or []), unstable_id=row.unstable_id,
        attachments=list(row.attachments or []),
    )

