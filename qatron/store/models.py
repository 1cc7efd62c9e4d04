"""Tables of the results store (SQLAlchemy 2 declarative).

The schema is created and changed only by the Alembic revisions in
``migrations/versions``; the classes here must describe the same schema (a
test compares the two). Datetimes are stored in UTC and read back
timezone-aware.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from qatron.store.schema import VERSION_TABLE as VERSION_TABLE

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime, stored as UTC on every backend (SQLite too)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store needs timezone-aware times")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class JSONTextList(TypeDecorator[list[str]]):
    """A list of strings kept as JSON text (``[]`` when empty), the same on every backend."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[str] | None, dialect: Dialect) -> str:
        return json.dumps(list(value or []))

    def process_result_value(self, value: str | None, dialect: Dialect) -> list[str]:
        found = json.loads(value) if value else []
        return [str(item) for item in found] if isinstance(found, list) else []


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RunRow(Base):
    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_project_suite_environment_id", "project", "suite",
                            "environment", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project: Mapped[str] = mapped_column(String(255))
    suite: Mapped[str] = mapped_column(String(255))
    environment: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(32))
    branch: Mapped[str | None] = mapped_column(String(255))
    commit: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message: Mapped[str | None] = mapped_column(Text)
    run_dir: Mapped[str | None] = mapped_column(Text)
    flow_run_id: Mapped[str | None] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON)  # no longer written: facts have columns
    #: The process running the run: {"host", "pid", "since"} (qatron.owners.owner_stamp).
    owner: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    #: The sharding mode the shards were planned by ("history", "queue"); None before.
    sharding: Mapped[str | None] = mapped_column(String(16))
    folder_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Who or what triggered the run (qatron.audit): {"kind", "by", …}; None before 0012.
    triggered_by: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class ShardRow(Base):
    __tablename__ = "shards"
    __table_args__ = (UniqueConstraint("run_id", "index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exit_code: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    planned: Mapped[int] = mapped_column(Integer)
    nodeids: Mapped[list[str]] = mapped_column(JSON)
    junit_path: Mapped[str | None] = mapped_column(Text)
    log_path: Mapped[str | None] = mapped_column(Text)


class TestResultRow(Base):
    __tablename__ = "test_results"
    __test__ = False  # not a pytest test class
    __table_args__ = (
        Index("ix_test_results_run_id_nodeid", "run_id", "nodeid"),
        Index("ix_test_results_nodeid_run_id", "nodeid", "run_id"),
        Index("ix_test_results_shard_id", "shard_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    shard_id: Mapped[int] = mapped_column(ForeignKey("shards.id", ondelete="CASCADE"))
    nodeid: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16))
    duration: Mapped[float] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer)
    flaky: Mapped[bool] = mapped_column(Boolean)
    message: Mapped[str] = mapped_column(Text)
    traceback: Mapped[str] = mapped_column(Text)
    output_tail: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    markers: Mapped[list[str]] = mapped_column(JSON)
    #: Ran under another id than the one planned (see qatron.unstable_ids).
    unstable_id: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: The evidence files the test left (screenshots, page sources…), as paths.
    attachments: Mapped[list[str]] = mapped_column(JSONTextList, default=list,
                                                   server_default="[]")


class CoverageTestRow(Base):
    """A test of an application's coverage map; its ``id`` is how the map refers to it.

    ``active`` is false for a test the store has forgotten (deleted, renamed or no
    longer collected); the map then treats it as never recorded.
    """

    __tablename__ = "coverage_tests"
    __table_args__ = (UniqueConstraint("project", "application", "nodeid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project: Mapped[str] = mapped_column(String(255))
    application: Mapped[str] = mapped_column(String(255))
    nodeid: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean)


class CoverageFileRow(Base):
    """Which tests ran which lines of one file of an application, at one content hash.

    ``lines`` groups the lines by the tests that ran them: ``[[test ids], [[first,
    last], ...]]`` per group. ``stale`` lists the tests that ran an earlier version of
    the file and have not run since: the row says nothing about them.
    """

    __tablename__ = "coverage_files"
    __table_args__ = (
        UniqueConstraint("project", "application", "path"),
        Index("ix_coverage_files_run_id", "run_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project: Mapped[str] = mapped_column(String(255))
    application: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lines: Mapped[list[Any]] = mapped_column(JSON)
    stale: Mapped[list[int]] = mapped_column(JSON)


class DataVersionRow(Base):
    """One version of generated test data: its content hash, seed, row counts and files."""

    __tablename__ = "data_versions"
    __table_args__ = (Index("ix_data_versions_project_name", "project", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    schema_hash: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(Integer)
    rows: Mapped[dict[str, int]] = mapped_column(JSON)
    files: Mapped[dict[str, str]] = mapped_column(JSON)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DatasetValidationRow(Base):
    """One Great Expectations validation of a dataset, with its per-expectation results."""

    __tablename__ = "dataset_validations"
    __table_args__ = (
        Index("ix_dataset_validations_project_dataset", "project", "dataset"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project: Mapped[str] = mapped_column(String(255))
    dataset: Mapped[str] = mapped_column(String(255))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    success: Mapped[bool] = mapped_column(Boolean)
    evaluated: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    results: Mapped[list[Any]] = mapped_column(JSON)
    validated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration: Mapped[float] = mapped_column(Float)


class RunCoverageRow(Base):
    """Coverage of one run's layer: line totals, branch totals (null: not measured), the
    threshold then, and per file ``files`` {path: [covered, statements]}."""

    __tablename__ = "run_coverage"
    __table_args__ = (
        UniqueConstraint("run_id", "layer"),
        Index("ix_run_coverage_layer_run_id", "layer", "run_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    layer: Mapped[str] = mapped_column(String(255))
    percent: Mapped[float] = mapped_column(Float)
    covered: Mapped[int] = mapped_column(Integer)
    statements: Mapped[int] = mapped_column(Integer)
    branches: Mapped[int | None] = mapped_column(Integer)
    covered_branches: Mapped[int | None] = mapped_column(Integer)
    threshold: Mapped[float | None] = mapped_column(Float)
    files: Mapped[dict[str, list[int]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class QuarantineRow(Base):
    """A quarantine entry that covered one of a run's tests (qatron.quarantine)."""

    __tablename__ = "run_quarantine"
    __table_args__ = (Index("ix_run_quarantine_run_id", "run_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    nodeid: Mapped[str] = mapped_column(Text)
    test: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    until: Mapped[date] = mapped_column(Date)
    expired: Mapped[bool] = mapped_column(Boolean)


class FailureAnalysisRow(Base):
    """A run's failure analysis: each failure's verdict and the clusters (JSON, as
    ``Analysed.to_json`` and ``Cluster.to_json`` give them)."""

    __tablename__ = "failure_analyses"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"),
                                        primary_key=True)
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    failures: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    clusters: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class NotificationRow(Base):
    """A message sent about a run: ``key`` is ``<cluster>:<team>``, sent once per run."""

    __tablename__ = "run_notifications"
    __table_args__ = (UniqueConstraint("run_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RunFailureRow(Base):
    """One analysed failure of a run (``Analysed.to_json``): its verdict, team and cluster;
    ``position`` its place in the run's analysis."""

    __tablename__ = "run_failures"
    __table_args__ = (UniqueConstraint("run_id", "position"),
                      Index("ix_run_failures_cluster", "cluster"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    nodeid: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(255))
    team: Mapped[str] = mapped_column(String(255))
    cluster: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text)


class NotificationClaimRow(Base):
    """A message about a run's cluster to a team through one notifier, claimed before it is
    sent: ``state`` is ``claimed`` (being sent by ``claimed_by``), ``sent`` or ``failed``
    (free for a later attempt to claim)."""

    __tablename__ = "notification_claims"
    __table_args__ = (UniqueConstraint("run_id", "team", "cluster", "notifier"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    team: Mapped[str] = mapped_column(String(255))
    cluster: Mapped[str] = mapped_column(String(64))
    notifier: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(16))
    claimed_by: Mapped[str] = mapped_column(String(255))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text)


class FailureLabelRow(Base):
    """A person's category and team for a project's failure cluster (by its fingerprint);
    labelling the cluster again replaces it."""

    __tablename__ = "failure_labels"
    __table_args__ = (UniqueConstraint("project", "cluster"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project: Mapped[str] = mapped_column(String(255))
    cluster: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(255))
    team: Mapped[str] = mapped_column(String(255))
    note: Mapped[str] = mapped_column(Text)
    labelled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    labelled_by: Mapped[str] = mapped_column(String(255))


class JourneyStepRow(Base):
    """One step of a run's journey as it ended (``qatron.journeys.models.StepResult``):
    ``position`` its place in the journey's planned order; ``inputs`` and ``outputs`` as
    the engine masked them, ``secrets`` the names of the outputs that were secret."""

    __tablename__ = "journey_steps"
    __table_args__ = (UniqueConstraint("run_id", "journey", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    journey: Mapped[str] = mapped_column(String(255))
    step: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    app: Mapped[str] = mapped_column(String(255))
    test: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    needs: Mapped[list[str]] = mapped_column(JSON)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    outputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    secrets: Mapped[list[str]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    traceback: Mapped[str] = mapped_column(Text)
    output_tail: Mapped[str] = mapped_column(Text)


class _Figures:
    """The figures of an endpoint, or of a whole load test (``EndpointStats``)."""

    requests: Mapped[int] = mapped_column(Integer)
    failures: Mapped[int] = mapped_column(Integer)
    rps: Mapped[float] = mapped_column(Float)
    avg_ms: Mapped[float] = mapped_column(Float)
    min_ms: Mapped[float] = mapped_column(Float)
    max_ms: Mapped[float] = mapped_column(Float)
    p50_ms: Mapped[float] = mapped_column(Float)
    p90_ms: Mapped[float] = mapped_column(Float)
    p95_ms: Mapped[float] = mapped_column(Float)
    p99_ms: Mapped[float] = mapped_column(Float)


class LoadTestRow(_Figures, Base):
    """A load test of a run (``qatron.load.models.LoadResult``): its status, the whole
    test's figures (the "Aggregated" row) and the hints at its bottleneck; its endpoints,
    timeline, errors, resources and verdicts are rows of the ``load_*`` tables."""

    __tablename__ = "load_tests"
    __table_args__ = (UniqueConstraint("run_id", "name"),
                      Index("ix_load_tests_name_run_id", "name", "run_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    target: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    users_peak: Mapped[int] = mapped_column(Integer)
    workers: Mapped[int] = mapped_column(Integer)
    #: The run a regression criterion compared against.
    baseline_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("runs.id", ondelete="SET NULL"))
    hints: Mapped[list[str]] = mapped_column(JSON)


class LoadEndpointRow(_Figures, Base):
    """One endpoint's figures in a load test; ``position`` its place in the result."""

    __tablename__ = "load_endpoints"
    __table_args__ = (Index("ix_load_endpoints_load_test_id", "load_test_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    load_test_id: Mapped[int] = mapped_column(ForeignKey("load_tests.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(16))


class LoadTimelineRow(Base):
    """The whole load test at one moment ``t`` (epoch seconds)."""

    __tablename__ = "load_timeline"
    __table_args__ = (Index("ix_load_timeline_load_test_id", "load_test_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    load_test_id: Mapped[int] = mapped_column(ForeignKey("load_tests.id", ondelete="CASCADE"))
    t: Mapped[float] = mapped_column(Float)
    users: Mapped[int] = mapped_column(Integer)
    rps: Mapped[float] = mapped_column(Float)
    failures_per_s: Mapped[float] = mapped_column(Float)
    p50_ms: Mapped[float] = mapped_column(Float)
    p95_ms: Mapped[float] = mapped_column(Float)


class LoadErrorRow(Base):
    """Failures of one endpoint with one error in a load test."""

    __tablename__ = "load_errors"
    __table_args__ = (Index("ix_load_errors_load_test_id", "load_test_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    load_test_id: Mapped[int] = mapped_column(ForeignKey("load_tests.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)
    occurrences: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[float | None] = mapped_column(Float)


class LoadResourceRow(Base):
    """The target's CPU and memory at one moment ``t`` (epoch seconds) of a load test."""

    __tablename__ = "load_resources"
    __table_args__ = (Index("ix_load_resources_load_test_id", "load_test_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    load_test_id: Mapped[int] = mapped_column(ForeignKey("load_tests.id", ondelete="CASCADE"))
    t: Mapped[float] = mapped_column(Float)
    cpu_percent: Mapped[float] = mapped_column(Float)
    memory_mb: Mapped[float] = mapped_column(Float)


class LoadVerdictRow(Base):
    """One criterion of a load test: its limit, what was measured, whether it was met."""

    __tablename__ = "load_verdicts"
    __table_args__ = (Index("ix_load_verdicts_load_test_id", "load_test_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    load_test_id: Mapped[int] = mapped_column(ForeignKey("load_tests.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    criterion: Mapped[str] = mapped_column(String(64))
    limit: Mapped[float] = mapped_column(Float)
    measured: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    text: Mapped[str] = mapped_column(Text)
    baseline_run_id: Mapped[int | None] = mapped_column(Integer)
    #: The baseline run's figure, for a regression criterion.
    baseline: Mapped[float | None] = mapped_column(Float)


class ArtifactUploadRow(Base):
    """One file of a run folder copied to S3 (``qatron.artifacts_s3``): ``state`` is
    ``uploaded``, ``failed`` (a later attempt uploads it again) or ``deleted`` (removed
    from the bucket by the retention clean-up)."""

    __tablename__ = "artifact_uploads"
    __table_args__ = (UniqueConstraint("run_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    #: The file's path inside the run folder, with forward slashes.
    path: Mapped[str] = mapped_column(Text)
    bucket: Mapped[str] = mapped_column(String(255))
    key: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
