"""ResultsStore: runs, shards and per-test results in a SQLAlchemy database.

Opening a store migrates its database to the newest schema (``alembic
upgrade head``) under a lock, so several processes may open it at once.
Every method uses its own session: one store may be shared between threads.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, case, delete, func, insert, select
from sqlalchemy.exc import DatabaseError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from qatron.errors import StoreError
from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, count_outcomes
from qatron.store import engine as engines
from qatron.store.data import DataVersion, list_versions, save_version
from qatron.store.failure_analyses import (
    StoredAnalysis,
    StoredFailure,
    cluster_fingerprint,
    cluster_history,
    load_failure_analysis,
    load_run_failures,
    mark_notified,
    notified,
    save_failure_analysis,
)
from qatron.store.flakiness import FlakinessRecord, flakiness
from qatron.store.journeys import journeys_of, load_journeys, save_journey
from qatron.store.load import (
    LoadRun,
    load_baseline,
    load_history,
    load_results,
    load_tests_of,
    save_load_result,
)
from qatron.store.models import RunRow, ShardRow, TestResultRow
from qatron.store.notification_claims import (
    STALE_AFTER,
    NotificationClaim,
    claim_notification,
    finish_notification,
    notification_claims,
)
from qatron.store.records import (
    RunRecord,
    fill_shard_row,
    result_values,
    to_run_record,
    to_run_summary,
)
from qatron.store.run_coverage import (
    coverage_history,
    load_run_coverage,
    save_run_coverage,
)
from qatron.store.run_facts import (
    load_quarantine,
    mark_folder_removed,
    save_quarantine,
    set_owner,
    set_sharding,
)

if TYPE_CHECKING:  # pandas, datasets, failure analysis and test selection load when used
    from qatron.coverage_summary import CoverageSummary
    from qatron.datasets.report import DatasetReport
    from qatron.failures.labels import Label
    from qatron.journeys.models import JourneyResult
    from qatron.load.models import LoadResult
    from qatron.quarantine import QuarantineMatch
    from qatron.selection.coverage_map import CoverageMap
    from qatron.store.artifact_uploads import ArtifactUpload
    from qatron.store.history import ScopeHistory
    from qatron.store.run_triggers import TriggerEntry
    from qatron.testdata import GeneratedData

_SETTABLE = frozenset({"branch", "commit", "message", "run_dir", "flow_run_id", "params"})
_STARTING = frozenset({RunStatus.PROVISIONING, RunStatus.RUNNING})
_ENDED = [status.value for status in RunStatus if status.terminal]
_FAILED = [Outcome.FAILED.value, Outcome.ERROR.value]
_TIMED = [Outcome.PASSED.value, Outcome.FAILED.value]
_CHUNK = 500  # bound parameters per IN (...) list


class ResultsStore:
    """Persistent history of QAtron runs; see the package docstring for the API."""

    def __init__(self, url: str) -> None:
        self._engine, self.url = engines.open_engine(url)
        self._read = sessionmaker(self._engine, expire_on_commit=False)
        self._write = sessionmaker(engines.writer(self._engine), expire_on_commit=False)
        try:
            engines.migrate(self._engine, self.url)
        except BaseException:
            self._engine.dispose()
            raise

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    def create_run(self, project: str, suite: str, environment: str, *,
                   branch: str | None = None, commit: str | None = None,
                   run_dir: str | None = None, params: dict[str, Any] | None = None) -> int:
        """Record a new run in status ``queued``; return its id."""
        row = RunRow(project=project, suite=suite, environment=environment,
                     status=RunStatus.QUEUED.value, branch=branch, commit=commit,
                     created_at=datetime.now(UTC), run_dir=run_dir,
                     params=dict(params or {}), meta={})
        with self._session(write=True) as session:
            session.add(row)
            session.flush()
            return row.id

    def set_status(self, run_id: int, status: RunStatus, message: str | None = None) -> None:
        """Move a run to ``status``, stamping started_at/finished_at.

        ``message`` replaces the run's message unless it is None.
        """
        status = RunStatus(status)
        with self._session(write=True) as session:
            run = self._run(session, run_id)
            now = datetime.now(UTC)
            run.status = status.value
            if status in _STARTING and run.started_at is None:
                run.started_at = now
            run.finished_at = (run.finished_at or now) if status.terminal else None
            if message is not None:
                run.message = message

    def update_run(self, run_id: int, **fields: Any) -> None:
        """Set some of: branch, commit, message, run_dir, flow_run_id, params.

        Facts learnt about a run later have methods of their own (``set_owner``,
        ``set_sharding``, ``save_quarantine`` …), each writing only its own column or
        table.
        """
        unknown = sorted(set(fields) - _SETTABLE)
        if unknown:
            raise TypeError(f"update_run() cannot set {unknown}; it sets {sorted(_SETTABLE)}")
        with self._session(write=True) as session:
            run = self._run(session, run_id)
            for name, value in fields.items():
                setattr(run, name, value)

    def save_shard(self, run_id: int, shard: ShardResult) -> None:
        """Insert or replace shard ``shard.index`` of a run, with all its results."""
        try:
            self._save_shard(run_id, shard)
        except IntegrityError:  # another writer inserted this shard first: now update it
            self._save_shard(run_id, shard)

    def get_run(self, run_id: int) -> RunRecord | None:
        """The run with this id, or None."""
        with self._session() as session:
            row = session.get(RunRow, run_id)
            return None if row is None else to_run_record(row, _counts(session, [row.id])[row.id])

    def list_runs(self, *, project: str | None = None, suite: str | None = None,
                  environment: str | None = None, limit: int = 20) -> list[RunRecord]:
        """The newest ``limit`` runs matching the filters, newest first."""
        query = _filtered(select(RunRow), project, suite, environment)
        with self._session() as session:
            rows = session.scalars(query.order_by(RunRow.id.desc()).limit(limit)).all()
            counts = _counts(session, [row.id for row in rows])
        return [to_run_record(row, counts[row.id]) for row in rows]

    def ended_before(self, project: str, before: datetime) -> list[RunRecord]:
        """The project's runs that ended before ``before``, oldest first."""
        query = (_filtered(select(RunRow), project, None, None)
                 .where(RunRow.status.in_(_ENDED), RunRow.finished_at < before)
                 .order_by(RunRow.id))
        with self._session() as session:
            rows = session.scalars(query).all()
            counts = _counts(session, [row.id for row in rows])
        return [to_run_record(row, counts[row.id]) for row in rows]

    def load_summary(self, run_id: int) -> RunSummary | None:
        """The whole run with every shard and test result, or None."""
        with self._session() as session:
            run = session.get(RunRow, run_id)
            if run is None:
                return None
            shards = session.scalars(select(ShardRow).where(ShardRow.run_id == run_id)
                                     .order_by(ShardRow.index)).all()
            rows = session.scalars(select(TestResultRow).where(TestResultRow.run_id == run_id)
                                   .order_by(TestResultRow.id)).all()
            quarantine = load_quarantine(session, run_id)
            journeys = journeys_of(session, run_id)
            load_tests = load_tests_of(session, run_id)
        summary = to_run_summary(run, shards, rows, quarantine)
        summary.journeys = list(journeys)
        summary.load_tests = list(load_tests)
        return summary

    def last_run_id(self, project: str, suite: str, environment: str, *,
                    ended_only: bool = True) -> int | None:
        """Id of the newest run of this project/suite/environment (ended ones only)."""
        query = _filtered(select(RunRow.id), project, suite, environment)
        if ended_only:
            query = query.where(RunRow.status.in_(_ENDED))
        with self._session() as session:
            run_id: int | None = session.scalar(query.order_by(RunRow.id.desc()).limit(1))
            return run_id

    def failed_nodeids(self, run_id: int) -> list[str]:
        """Nodeids of the run's failed or errored tests, in the order they were saved."""
        query = (select(TestResultRow.nodeid)
                 .where(TestResultRow.run_id == run_id, TestResultRow.outcome.in_(_FAILED))
                 .order_by(TestResultRow.id))
        with self._session() as session:
            return list(session.scalars(query))

    def durations(self, project: str, nodeids: Iterable[str] | None = None, *,
                  last: int = 5) -> dict[str, float]:
        """Median duration of each test's last ``last`` passed/failed results in the project."""
        if last < 1:
            raise ValueError(f"last must be at least 1, not {last}")
        wanted = None if nodeids is None else list(dict.fromkeys(nodeids))
        batches = [None] if wanted is None else [
            wanted[start:start + _CHUNK] for start in range(0, len(wanted), _CHUNK)]
        samples: dict[str, list[float]] = defaultdict(list)
        with self._session() as session:
            for batch in batches:
                for nodeid, duration in session.execute(_recent(project, last, batch)):
                    samples[nodeid].append(duration)
        return {nodeid: statistics.median(values) for nodeid, values in samples.items()}

    def has_durations(self, project: str) -> bool:
        """Whether any test of the project has a duration to balance shards on."""
        query = (select(TestResultRow.id).join(RunRow, RunRow.id == TestResultRow.run_id)
                 .where(RunRow.project == project, TestResultRow.outcome.in_(_TIMED)).limit(1))
        with self._session() as session:
            return session.scalar(query) is not None

    def save_coverage_map(self, project: str, application: str, cmap: CoverageMap,
                          run_id: int | None = None, *, collected: Iterable[str] = ()) -> None:
        """Merge a run's per-test coverage into the application's map (see store.coverage)."""
        from qatron.store.coverage import save_map  # imports change-based test selection

        save_map(self._session, project, application, cmap, run_id, collected)

    def load_coverage_map(self, project: str, application: str) -> CoverageMap | None:
        """The application's coverage map, files it cannot vouch for left out; or None."""
        from qatron.store.coverage import load_map

        return load_map(self._session, project, application)

    def _save_shard(self, run_id: int, shard: ShardResult) -> None:
        with self._session(write=True) as session:
            self._run(session, run_id)
            row = session.scalar(select(ShardRow).with_for_update()  # serialise re-saves
                                 .where(ShardRow.run_id == run_id, ShardRow.index == shard.index))
            if row is None:
                row = ShardRow(run_id=run_id, index=shard.index)
                session.add(row)
            else:
                session.execute(delete(TestResultRow).where(TestResultRow.shard_id == row.id))
            fill_shard_row(row, shard)
            session.flush()
            if shard.results:
                session.execute(insert(TestResultRow),
                                [result_values(result, run_id, row.id) for result in shard.results])

    def _run(self, session: Session, run_id: int) -> RunRow:
        run = session.get(RunRow, run_id)
        if run is None:
            raise StoreError(f"run {run_id} does not exist in the results database {self.url}")
        return run

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        """A session in its own transaction; committed on success."""
        try:
            with (self._write if write else self._read).begin() as session:
                yield session
        except (OperationalError, InterfaceError) as exc:
            raise engines.failure(self.url, exc) from exc
        except DatabaseError as exc:
            if not engines.damaged(exc):
                raise
            raise engines.failure(self.url, exc) from exc

    def save_validation(self, project: str, report: DatasetReport,
                        run_id: int | None = None) -> int:
        """Record a dataset validation (see store.validations); return its id."""
        from qatron.store.validations import save_validation  # imports qatron.datasets

        return save_validation(self._session, project, report, run_id)

    def validations(self, project: str, dataset: str, limit: int = 20) -> list[DatasetReport]:
        """The dataset's newest ``limit`` validations, newest first."""
        from qatron.store.validations import load_validations

        return load_validations(self._session, project, dataset, limit)

    def save_data_version(self, project: str, name: str, data: GeneratedData,
                          files: Mapping[str, Path], run_id: int | None = None) -> int:
        """Record a version of generated test data (see store.data); return its id."""
        return save_version(self._session, project, name, data, files, run_id)

    def data_versions(self, project: str, name: str, limit: int = 20) -> list[DataVersion]:
        """The newest ``limit`` versions of the project's test data ``name``, newest first."""
        return list_versions(self._session, project, name, limit)

    def save_run_coverage(self, run_id: int, summary: CoverageSummary) -> None:
        """Record the line coverage of a run's layer (see store.run_coverage)."""
        save_run_coverage(self._session, run_id, summary)

    def run_coverage(self, run_id: int) -> list[CoverageSummary]:
        """The run's line coverage, one summary per layer measured (usually one)."""
        return load_run_coverage(self._session, run_id)

    def coverage_history(self, project: str, layer: str, last: int = 20
                         ) -> list[CoverageSummary]:
        """The layer's coverage in the project's ``last`` runs that measured it, newest first."""
        return coverage_history(self._session, project, layer, last)

    def flakiness(self, project: str, suite: str | None = None, last: int = 20
                  ) -> dict[str, FlakinessRecord]:
        """Each test's flakiness over its ``last`` runs, by node id (see store.flakiness)."""
        return flakiness(self._session, project, suite, last)

    def history_scopes(self, project: str) -> list[tuple[str, str, int]]:
        """(suite, environment, ended runs) of each pair the project ran (store.history)."""
        from qatron.store.history import history_scopes

        return history_scopes(self._session, project)

    def scope_history(self, project: str, suite: str, environment: str, *, last: int = 20,
                      since: datetime | None = None) -> ScopeHistory:
        """The newest ``last`` ended runs of the suite on the environment, aggregated for
        quality analytics (see store.history)."""
        from qatron.store.history import scope_history

        return scope_history(self._session, project, suite, environment, last=last,
                             since=since)

    def set_owner(self, run_id: int, stamp: Mapping[str, object]) -> None:
        """Record the process running the run (``qatron.owners.owner_stamp()``): ``owner``."""
        set_owner(self._session, run_id, stamp)

    def set_sharding(self, run_id: int, mode: str | None) -> None:
        """Record the sharding mode of the run's shards (``"queue"``): ``sharding``."""
        set_sharding(self._session, run_id, mode)

    def mark_folder_removed(self, run_id: int, when: datetime | None = None) -> None:
        """Record that the run's folder was removed (default now): ``folder_removed_at``."""
        mark_folder_removed(self._session, run_id, when)

    def record_trigger(self, run_id: int, trigger: Mapping[str, Any]) -> dict[str, Any]:
        """Record who or what triggered the run (``qatron.audit``) unless already recorded:
        ``triggered_by``; the recorded trigger."""
        from qatron.store.run_triggers import record_trigger

        return record_trigger(self._session, run_id, trigger)

    def triggers(self, project: str | None = None, since: datetime | None = None,
                 limit: int = 200) -> list[TriggerEntry]:
        """The newest runs with their triggers, newest first (see store.run_triggers)."""
        from qatron.store.run_triggers import triggers

        return triggers(self._session, project, since, limit)

    def save_quarantine(self, run_id: int, matches: Iterable[QuarantineMatch]) -> None:
        """Replace the run's quarantine matches; ``load_summary`` reads them back."""
        save_quarantine(self._session, run_id, matches)

    def quarantine(self, run_id: int) -> list[QuarantineMatch]:
        """The run's quarantine matches, in the order they were saved."""
        with self._session() as session:
            return load_quarantine(session, run_id)

    def save_journey(self, run_id: int, result: JourneyResult) -> None:
        """Record (or replace) the steps of one of the run's journeys (see store.journeys)."""
        save_journey(self._session, run_id, result)

    def journeys(self, run_id: int) -> list[JourneyResult]:
        """The run's journeys by name, each with its steps in planned order."""
        return load_journeys(self._session, run_id)

    def save_load_result(self, run_id: int, result: LoadResult) -> None:
        """Record (or replace) one of the run's load tests with its figures (see store.load)."""
        save_load_result(self._session, run_id, result)

    def load_results(self, run_id: int) -> list[LoadResult]:
        """The run's load tests, by name."""
        return load_results(self._session, run_id)

    def load_baseline(self, project: str, name: str, before_run_id: int | None = None
                      ) -> tuple[int, LoadResult] | None:
        """(run id, result) of the project's newest passed load test ``name`` from a run
        other than ``before_run_id``: what ``regression`` criteria compare with."""
        return load_baseline(self._session, project, name, before_run_id)

    def load_history(self, project: str, name: str, last: int = 20
                     ) -> list[tuple[LoadRun, LoadResult]]:
        """The project's ``last`` runs of load test ``name``, newest first."""
        return load_history(self._session, project, name, last)

    def save_failure_analysis(self, run_id: int, failures: Sequence[dict[str, Any]],
                              clusters: Sequence[dict[str, Any]]) -> None:
        """Record (or replace) the run's failure analysis (see store.failure_analyses)."""
        save_failure_analysis(self._session, run_id, failures, clusters)

    def failure_analysis(self, run_id: int) -> StoredAnalysis | None:
        """The run's failure analysis, or None if it has none."""
        return load_failure_analysis(self._session, run_id)

    def cluster_history(self, project: str, *, last: int = 200, excluding: int | None = None
                        ) -> list[tuple[datetime, list[dict[str, Any]]]]:
        """(created_at, clusters) of the project's ``last`` analysed runs, newest first."""
        return cluster_history(self._session, project, last=last, excluding=excluding)

    def mark_notified(self, run_id: int, keys: Iterable[str]) -> list[str]:
        """Record messages sent about the run; the keys not recorded before, in order."""
        return mark_notified(self._session, run_id, keys)

    def notified(self, run_id: int) -> list[str]:
        """The keys of the messages sent about the run, in the order they were recorded."""
        return notified(self._session, run_id)

    def run_failures(self, run_id: int) -> list[StoredFailure]:
        """The run's analysed failures, one row each, in the analysis's order."""
        return load_run_failures(self._session, run_id)

    def cluster_fingerprint(self, project: str, cluster: str) -> str | None:
        """The fingerprint of the project's cluster ``cluster`` (its newest run's), or None."""
        return cluster_fingerprint(self._session, project, cluster)

    def claim_notification(self, run_id: int, team: str, cluster: str, notifier: str, *,
                           by: str, stale_after: timedelta = STALE_AFTER) -> bool:
        """Claim a message before sending it; False if it was sent or is being sent
        (see store.notification_claims)."""
        return claim_notification(self._session, run_id, team, cluster, notifier, by=by,
                                  stale_after=stale_after)

    def finish_notification(self, run_id: int, team: str, cluster: str, notifier: str, *,
                            sent: bool, attempts: int, detail: str) -> None:
        """Record how a claimed message went: sent, or failed (free to claim again)."""
        finish_notification(self._session, run_id, team, cluster, notifier, sent=sent,
                            attempts=attempts, detail=detail)

    def notification_claims(self, run_id: int) -> list[NotificationClaim]:
        """The run's claimed messages and how each went, in the order first claimed."""
        return notification_claims(self._session, run_id)

    def save_label(self, label: Label) -> None:
        """Record a cluster's label, replacing the project's earlier one of that cluster."""
        from qatron.store.failure_labels import save_label  # imports failure analysis

        save_label(self._session, label)

    def labels(self, project: str | None = None) -> list[Label]:
        """The project's cluster labels (every project's if None), oldest first."""
        from qatron.store.failure_labels import load_labels

        return load_labels(self._session, project)

    def record_uploads(self, run_id: int, uploads: Iterable[ArtifactUpload]) -> None:
        """Record how each file's upload to S3 went (see store.artifact_uploads)."""
        from qatron.store.artifact_uploads import record_uploads

        record_uploads(self._session, run_id, uploads)

    def artifact_uploads(self, run_id: int) -> list[ArtifactUpload]:
        """The run's files copied (or not) to S3, by path."""
        from qatron.store.artifact_uploads import load_uploads

        return load_uploads(self._session, run_id)

    def runs_with_failed_uploads(self, project: str) -> list[int]:
        """The project's runs with a file whose upload to S3 failed, oldest first."""
        from qatron.store.artifact_uploads import runs_with_failed_uploads

        return runs_with_failed_uploads(self._session, project)

    def runs_uploaded_before(self, project: str, before: datetime) -> list[int]:
        """The project's runs that ended before ``before`` and still have files in S3."""
        from qatron.store.artifact_uploads import runs_uploaded_before

        return runs_uploaded_before(self._session, project, before)

    def mark_uploads_deleted(self, run_id: int) -> None:
        """The run's files are no longer in the S3 bucket."""
        from qatron.store.artifact_uploads import mark_deleted

        mark_deleted(self._session, run_id)

    def previous_run_id(self, project: str, suite: str, environment: str,
                        branch: str | None, before: int) -> int | None:
        """The newest ended run of this suite, environment and branch before run ``before``."""
        from qatron.store.gate_history import previous_run_id

        return previous_run_id(self._session, project, suite, environment, branch, before)

    def previous_coverage(self, project: str, layer: str, branch: str | None,
                          before: int) -> CoverageSummary | None:
        """The layer's coverage in the newest run on ``branch`` before run ``before``."""
        from qatron.store.gate_history import previous_coverage

        return previous_coverage(self._session, project, layer, branch, before)


def _filtered(query: Select[Any], project: str | None, suite: str | None,
              environment: str | None) -> Select[Any]:
    for column, value in ((RunRow.project, project), (RunRow.suite, suite),
                          (RunRow.environment, environment)):
        if value is not None:
            query = query.where(column == value)
    return query


def _counts(session: Session, run_ids: list[int]) -> dict[int, dict[str, int]]:
    """Outcome counts per run, keyed like :func:`qatron.models.count_outcomes`."""
    counts = {run_id: count_outcomes([]) for run_id in run_ids}
    if not run_ids:
        return counts
    flaky = func.sum(case((TestResultRow.flaky, 1), else_=0))
    query = (select(TestResultRow.run_id, TestResultRow.outcome, func.count(), flaky)
             .where(TestResultRow.run_id.in_(run_ids))
             .group_by(TestResultRow.run_id, TestResultRow.outcome))
    for run_id, outcome, number, flaky_number in session.execute(query):
        run_counts = counts[run_id]
        run_counts[outcome] = run_counts.get(outcome, 0) + number
        run_counts["total"] += number
        run_counts["flaky"] += int(flaky_number or 0)
    return counts


def _recent(project: str, last: int, nodeids: list[str] | None) -> Select[Any]:
    """(nodeid, duration) of each test's newest ``last`` timed results in the project."""
    rank = func.row_number().over(
        partition_by=TestResultRow.nodeid,
        order_by=(TestResultRow.run_id.desc(), TestResultRow.id.desc()),
    ).label("rank")
    inner = (select(TestResultRow.nodeid, TestResultRow.duration, rank)
             .join(RunRow, RunRow.id == TestResultRow.run_id)
             .where(RunRow.project == project, TestResultRow.outcome.in_(_TIMED)))
    if nodeids is not None:
        inner = inner.where(TestResultRow.nodeid.in_(nodeids))
    recent = inner.subquery()
    return select(recent.c.nodeid, recent.c.duration).where(recent.c.rank <= last)
