"""The ``run-suite`` flow: one suite, one environment, end to end.

    provision environment ─┐
    collect tests ─────────┴─► plan shards ─► run shards in parallel ─► persist
                                                                          │
    tear down (always) ◄──────────────────────────────────────────────────┘
          │
    analyse failures ─► report (JUnit XML, HTML, artifacts) ─► final state: Completed,
                        Failed, PartialFailed, TimedOut, InfraFailed, DatasetFailed, Cancelled

With a dataset (the suite's or the environment's), it is validated once the
environment is up; a suite with ``require_dataset_health`` runs no test if it
fails (DatasetFailed). A suite whose layer has a coverage threshold runs its
shards under coverage.py and totals it after them; with ``fail_below_threshold``
a run whose tests passed but whose coverage falls short ends Failed. A run that
pulls from a queue with no cached collection has no collection step: its shards
collect the tests for themselves (see qatron.planning.shards_collect).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from prefect import flow, get_run_logger
from prefect.exceptions import TerminationSignal
from prefect.futures import PrefectFuture, as_completed
from prefect.states import Cancelled, Completed, Failed, State
from prefect.task_runners import ThreadPoolTaskRunner

from blocks.environment import resolve_environment
from flows.journeys import run_journeys
from flows.load import run_load_tests
from flows.quiet import install as quiet_expected_failures
from flows.shared import shared
from flows.signals import uninterrupted
from qatron.config import load_project
from qatron.coverage_summary import measures_coverage
from qatron.datasets import DatasetReport
from qatron.errors import StoreError
from qatron.flaky import retry_policy
from qatron.gates import gate_verdict
from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from qatron.options import RunOptions
from qatron.planning import ShardPlan, selection_base, shards_collect
from qatron.pytest_runner import (
    Collection,
    ShardSpec,
    TestCommand,
    discard_prefetched,
    unstable_elsewhere,
)
from qatron.quarantine import QuarantineMatch, apply_quarantine, expiry_notes
from qatron.queue import unclaimed
from qatron.run import RunContext, load_run, open_run, test_command
from qatron.services import RunningEnvironment, fill, service_health
from qatron.shared_environments import environment_key, shared_environment
from qatron.verdict import (
    RunOutcome,
    Verdict,
    collection_shard,
    decide,
    gate_shard,
    store_refused,
)
from qatron.verdict_waiters import announce_verdict, verdict_awaited
from reports.html import warm_up as warm_up_reports
from tasks.allure import write_allure_results
from tasks.artifacts import upload_artifacts
from tasks.coverage import summarise_coverage
from tasks.datasets import validate_dataset
from tasks.dispatch import dispatch_shard
from tasks.environment import (
    load_test_data,
    prepare_browser,
    provision_environment,
    teardown_environment,
)
from tasks.failures import analyse_failures
from tasks.planning import plan_shards
from tasks.reports import report_history, write_junit_report, write_reports
from tasks.results import persist_shard
from tasks.selection import record_coverage, select_changed
from tasks.status import cancellation_watch, link_flow_run, mark_status
from tasks.tests import collect_suite, run_local_shard, shards_collection
from tasks.webhooks import announce_end, announce_start

if TYPE_CHECKING:
    from pathlib import Path

    from qatron.features import FeatureStatus

quiet_expected_failures()


@flow(
    name="run-suite",
    flow_run_name="{suite} on {env}",
    task_runner=ThreadPoolTaskRunner(max_workers=64),
)
def run_suite(
    suite: str,
    env: str = "local",
    project: str = ".",
    shards: int | None = None,
    branch: str | None = None,
    commit: str | None = None,
    failed_only: bool = False,
    changed_since: str | None = None,
    run_id: int | None = None,
    app_version: str | None = None,
    shared_environment: str | None = None,
    resume: bool = False,
    shard_deployment: str | None = None,
) -> State:
    """Run a suite of a QAtron project against an environment.

    Args:
        suite: a suite of the project's qatron.yml, e.g. "smoke".
        env: an environment of qatron.yml, e.g. "local".
        project: the folder holding qatron.yml (relative to the working directory).
        shards: how many test processes to split the suite into (default: the suite's).
        branch: the branch under test, stored with the run.
        commit: the commit under test, stored with the run.
        failed_only: rerun only the tests that failed in the last run of this suite and env.
        changed_since: run only the tests a change since this git revision may break.
        run_id: a run already created by `qatron run` (leave empty).
        app_version: the application version under test: jobs for the same version share
            one environment, torn down when the last of them ends.
        shared_environment: set by the run-group flow: the environment it provisioned
            for all its suites (leave empty).
        resume: with run_id, go on with a run whose process died: its finished shards are
            kept, the others run again on a freshly provisioned environment.
        shard_deployment: run each shard as a flow run of this deployment
            (``run-shard/<name>``) on the workers of its work pool, instead of as a
            process here.
    """
    if run_id is None:
        resolve_environment(env)
        ctx = open_run(project, RunOptions(
            suite=suite, environment=env, shards=shards, branch=branch, commit=commit,
            failed_only=failed_only, changed_since=changed_since, app_version=app_version,
            shard_deployment=shard_deployment))
    else:
        ctx = load_run(project, run_id)
        resolve_environment(ctx.environment)
        if shard_deployment:
            ctx = ctx.with_options(shard_deployment=shard_deployment)
    return run_recorded(ctx, shared(shared_environment), resume)


def run_standalone(suite: str, env: str | None, project: str, branch: str | None,
                   commit: str | None, run_id: int | None) -> State:
    """A journey or a load test run alone (``suite`` is ``journey:<name>`` or
    ``load:<name>``): record it (unless ``run_id`` is one already recorded) on ``env``,
    default the journey's or load test's own environment, and run it here."""
    if run_id is None:
        loaded = load_project(project)
        chosen = env or loaded.standalone_environment(suite)
        resolve_environment(chosen)
        ctx = open_run(loaded, RunOptions(suite=suite, environment=chosen, branch=branch,
                                          commit=commit))
    else:
        ctx = load_run(project, run_id)
        resolve_environment(ctx.environment)
    return run_recorded(ctx)


def run_recorded(ctx: RunContext, given: RunningEnvironment | None = None,
                 resume: bool = False) -> State:
    """Execute and report a recorded run in the current flow run: its final state."""
    outcome = RunOutcome()
    trigger = None
    try:
        link_flow_run(ctx)
        get_run_logger().info("run %d: %s on %s, folder %s", ctx.run_id, ctx.suite,
                              ctx.environment, ctx.run_dir)
        trigger = announce_start(ctx)
        _execute(ctx, outcome, given, resume)
        state = _report(ctx, outcome)
    except BaseException as exc:  # the run ends with a status whatever went wrong
        state = _broken(ctx, outcome, exc)
    announce_end(ctx, trigger)
    return state


def _execute(ctx: RunContext, outcome: RunOutcome, given: RunningEnvironment | None = None,
             resume: bool = False) -> RunOutcome:
    """Provision (unless ``given`` one) → validate the dataset → select → plan → run the
    shards → run the suite's journeys → tear down. A journey run alone has no tests of
    its own.

    Whatever is raised, the environment is torn down and the outcome says how the run
    ended (``qatron.verdict``).
    """
    cancel = threading.Event()
    try:
        mark_status(ctx, RunStatus.PROVISIONING)
        command, collecting, shards_collecting = None, None, None
        if not ctx.standalone:
            outcome.doing = "collecting the tests"
            command = test_command(ctx)
            shards_collecting = shards_collect(ctx, command, resume)
            if shards_collecting is None:
                collecting = collect_suite.submit(ctx, command, cancel)
            else:  # the shards write the collection: no pass writing it besides them
                discard_prefetched(ctx.run_dir)
        outcome.doing = f"provisioning environment {ctx.environment!r}"
        with _environment_for(ctx, given, outcome) as environment, \
                _cancelled_on_error(cancel):  # before the teardown
            outcome.doing = "checking the browser"
            browser = prepare_browser(ctx, environment)
            if command is not None:
                command.env.update(browser)
            outcome.doing = "validating the dataset"
            if not _dataset_healthy(ctx, environment, outcome):
                if collecting is not None:
                    collecting.wait()
                return outcome
            if command is not None and collecting is not None:
                outcome.doing = "collecting the tests"
                collection = outcome.collection = collecting.result()
                if _selected_none(ctx, outcome):
                    return outcome
                outcome.doing = "selecting the tests"
                chosen = _select(ctx, command, collection)
                outcome.doing = "planning the shards"
                plan = plan_shards(ctx, collection, chosen, resume)
                outcome.doing = "running the shards"
                _run_shards(ctx, outcome, command, plan, cancel, environment)
            elif command is not None and shards_collecting is not None:
                if measures_coverage(ctx.project, ctx.suite_config):
                    command.coverage_dir = ctx.run_dir / "coverage"
                outcome.doing = "planning the shards"
                plan = plan_shards(ctx, shards_collecting)
                outcome.doing = "running the shards"
                _run_shards(ctx, outcome, command, plan, cancel, environment)
            with cancellation_watch(cancel):
                if ctx.suite_config.journeys:
                    outcome.doing = "running the journeys"
                    outcome.journeys = run_journeys(
                        ctx, environment, cancel, lambda shard: _keep(ctx, outcome, shard),
                        after=max((s.index for s in outcome.shards), default=0))
                if ctx.suite_config.load_tests:
                    outcome.doing = "running the load tests"
                    run_load_tests(
                        ctx, environment, cancel, lambda shard: _keep(ctx, outcome, shard),
                        after=max((s.index for s in outcome.shards), default=0),
                        results=outcome.load_tests)
    except BaseException as exc:  # noqa: BLE001 - qatron.verdict maps it to a status
        cancel.set()
        outcome.stopped_by(exc, ctx.run_dir)
        get_run_logger().info("run %d %s: %s", ctx.run_id, outcome.status, outcome.message)
    return outcome


def _dataset_healthy(ctx: RunContext, environment: RunningEnvironment,
                     outcome: RunOutcome) -> bool:
    """Validate the run's dataset (the suite's, else the environment's), if it has one;
    False when it failed and the suite requires a healthy dataset (no test runs)."""
    name = ctx.suite_config.dataset or ctx.project.environment(ctx.environment).dataset
    if name is None:
        return True
    mark_status(ctx, RunStatus.PROVISIONING, f"validating dataset {name}")
    url = ctx.project.config.datasets[name].url
    filled = fill(url, environment, f"datasets.{name}.url") if url else None
    report: DatasetReport = validate_dataset(ctx.project, name, url=filled, run_id=ctx.run_id)
    outcome.datasets.append(report)
    if report.success or not ctx.suite_config.require_dataset_health:
        return True
    outcome.stop(RunStatus.DATASET_FAILED, f"dataset gate: {report.summary()}; no test ran")
    return False


def _selected_none(ctx: RunContext, outcome: RunOutcome) -> bool:
    """A collection with no test and no error fails the run."""
    collection = outcome.collection
    if collection is None or collection.nodeids or collection.errors:
        return False
    outcome.stop(RunStatus.FAILED, f"suite {ctx.suite} selected no tests: "
                                   f"check paths/tags/markers")
    return True


def _select(ctx: RunContext, command: TestCommand, collection: Collection) -> set[str] | None:
    """The tests a change may break (None: no change-based selection); shards that select
    or whose layer has a coverage threshold run under coverage.py."""
    base = selection_base(ctx)
    if base is not None or measures_coverage(ctx.project, ctx.suite_config):
        command.coverage_dir = ctx.run_dir / "coverage"
    if base is None:
        return None
    return set(select_changed(ctx, command, collection, base).nodeids())


def _run_shards(ctx: RunContext, outcome: RunOutcome, command: TestCommand, plan: ShardPlan,
                cancel: threading.Event, environment: RunningEnvironment) -> None:
    """Launch the plan's shards, keep each as it ends; then record coverage."""
    for shard in plan.finished:
        _keep(ctx, outcome, shard, persist=False)
    for note in plan.notes:
        get_run_logger().warning(note)
    mark_status(ctx, RunStatus.RUNNING, plan.describe())
    futures: list[PrefectFuture[ShardResult]] = []
    try:
        rootdir = outcome.collection.rootdir if outcome.collection else command.app_dir
        futures = _launch(ctx, command, plan, cancel, rootdir)
        with cancellation_watch(cancel):
            warm_up_reports()
            for future in as_completed(futures):
                _keep(ctx, outcome, future.result())
    except BaseException:
        cancel.set()  # stop the shards still running, keep what they finished
        _gather(ctx, outcome, futures)
        raise
    if plan.collecting is not None:
        outcome.collection = shards_collection(ctx, plan.collecting, outcome.shards)
        for shard in unstable_elsewhere(ctx.run_dir, outcome.shards):
            _persist(ctx, outcome, shard)
        if _selected_none(ctx, outcome):
            return
    _never_claimed(ctx, outcome, plan)
    if any(r.outcome.is_failure for s in outcome.shards for r in s.results):
        outcome.health = service_health(ctx.project, environment)
    if command.coverage_dir is not None:
        if outcome.collection is not None:  # None: the shards stopped before collecting
            record_coverage(ctx, command, outcome.collection, return_state=True)
        outcome.coverage = summarise_coverage(ctx, command)


def _launch(ctx: RunContext, command: TestCommand, plan: ShardPlan, cancel: threading.Event,
            rootdir: Path) -> list[PrefectFuture[ShardResult]]:
    """Submit the plan's shards: flow runs on a work pool, or processes here."""
    if plan.deployment:
        return [
            dispatch_shard.submit(ctx, plan.deployment, index, plan.count, ids, rootdir,
                                  time.time() + ctx.timeout, command.coverage_dir is not None,
                                  cancel)
            for index, ids in plan.shards.items()
        ]
    with ctx.store() as store:
        retry = retry_policy(ctx.suite_config, store, ctx.project_name)
    deadline = time.monotonic() + ctx.timeout
    return [
        run_local_shard.submit(ShardSpec(
            index=index, count=plan.count, nodeids=ids, run_dir=ctx.run_dir, command=command,
            rootdir=rootdir, deadline=deadline, retries=ctx.retries, cancel=cancel,
            retry=retry, queue=plan.queue, collect=plan.collecting is not None,
        ))
        for index, ids in plan.shards.items()
    ]


def _broken(ctx: RunContext, outcome: RunOutcome, exc: BaseException) -> State:
    """The final state of a run that an exception ended outside the execution phase."""
    outcome.status = None  # the exception decides
    outcome.stopped_by(exc, ctx.run_dir)
    status = outcome.status or RunStatus.INFRA_FAILED
    get_run_logger().error("run %d %s: %s", ctx.run_id, status.value, outcome.message)
    try:
        mark_status(ctx, status, outcome.message)
    except StoreError as error:
        get_run_logger().error("status %s not stored: %s", status.value, error)
    return _final_state(Verdict(status, outcome.message))


@contextmanager
def _cancelled_on_error(cancel: threading.Event) -> Iterator[None]:
    """Set ``cancel`` when the block raises: the collection and the shards stop."""
    try:
        yield
    except BaseException:
        cancel.set()
        raise


@contextmanager
def _environment_for(ctx: RunContext, given: RunningEnvironment | None, outcome: RunOutcome
                     ) -> Iterator[RunningEnvironment]:
    """The run's environment: ``given`` by run-group, shared for an app version, or its own.

    An environment provisioned here is torn down on the way out, whatever happened.
    """
    if given is not None:
        given.write(ctx.run_dir / "environment.json")
        yield given
        return
    app_version = ctx.options.app_version
    if app_version:
        key = environment_key(ctx.project_dir, ctx.environment, app_version)
        with shared_environment(key, lambda: _provision(ctx), teardown=_teardown,
                                on_wait=lambda others: get_run_logger().info(
                                    "waiting for %d other job(s) on %s before teardown",
                                    len(others), app_version)) as environment:
            environment.write(ctx.run_dir / "environment.json")
            yield environment
        return
    held: list[RunningEnvironment] = []  # whatever is started from here on
    provisioned = False
    try:
        environment = _provision(ctx, held)
        provisioned = True
        yield environment
    finally:
        if provisioned:
            outcome.doing = "tearing down the environment"
        _teardown(*held)


def _provision(ctx: RunContext, held: list[RunningEnvironment] | None = None
               ) -> RunningEnvironment:
    """Provision and seed the run's environment.

    An environment is put in ``held`` as soon as its services are up, before anything
    that a signal may interrupt, and the caller tears down what ``held`` holds; without
    ``held``, what was started is torn down here if provisioning or seeding fails.
    """
    owned: list[RunningEnvironment] = [] if held is None else held
    try:
        environment = provision_environment(ctx, owned.append)
        if ctx.project.environment(ctx.environment).data is not None:
            load_test_data(ctx, environment)
    except BaseException:
        if held is None:
            _teardown(*owned)
        raise
    if held is None and len(owned) > 1:  # attempts that failed once their services were up
        _teardown(*owned[:-1])
    return environment


def _teardown(*environments: RunningEnvironment) -> None:
    """Tear down, last provisioned first, shielded from SIGINT and SIGTERM (within its own
    deadline); a signal that arrived meanwhile then cancels the run."""
    with uninterrupted() as received:
        for environment in reversed(environments):
            teardown_environment(environment)
    if received:
        get_run_logger().warning("signal %s during teardown: the environment was torn down "
                                 "first", signal.Signals(received[0]).name)
        if received[0] == signal.SIGINT:
            raise KeyboardInterrupt
        raise TerminationSignal(received[0])


def _never_claimed(ctx: RunContext, outcome: RunOutcome, plan: ShardPlan) -> None:
    """Queue mode: tests no shard claimed (every test process ended first) are errors."""
    left = unclaimed(plan.queue) if plan.queue is not None and plan.queue.exists() else []
    if left:
        index = max((s.index for s in outcome.shards), default=0) + 1
        message = "never run: every shard's test process ended before claiming it"
        _keep(ctx, outcome, ShardResult(
            index=index, count=index, status=ShardStatus.INFRA_FAILED, nodeids=left,
            message=message, results=[TestResult(nodeid=n, outcome=Outcome.ERROR,
                                                 message=message) for n in left]))


def _keep(ctx: RunContext, outcome: RunOutcome, shard: ShardResult,
          persist: bool = True) -> None:
    if persist:
        _persist(ctx, outcome, shard)
    outcome.shards.append(shard)


def _persist(ctx: RunContext, outcome: RunOutcome, shard: ShardResult) -> None:
    """Save the shard (kept in the run folder first); remember it if the store refused."""
    problem = persist_shard(ctx, shard)
    if problem is not None:
        outcome.unsaved[shard.index] = problem


def _gather(ctx: RunContext, outcome: RunOutcome,
            futures: list[PrefectFuture[ShardResult]]) -> None:
    """After a cancel: wait for the shards to stop and keep what they finished."""
    done = {shard.index for shard in outcome.shards}
    with uninterrupted():
        for future in futures:
            future.wait()
            if future.state.is_completed():
                shard = future.result()
                if shard.index not in done:
                    _keep(ctx, outcome, shard)


def _report(ctx: RunContext, outcome: RunOutcome) -> State:
    """Decide the verdict, analyse the failures, write the reports, record the verdict:
    the final state. When a command line waits for the verdict alone, it comes first
    (:func:`_verdict_first`)."""
    shards = sorted(outcome.shards, key=lambda s: s.index)
    quarantine = _quarantine(ctx, shards)
    if outcome.collection_errors or outcome.collection_skips:
        shards.insert(0, collection_shard(outcome.collection_errors, len(shards),
                                          outcome.collection_skips))
        _persist(ctx, outcome, shards[0])
    elif outcome.status is RunStatus.DATASET_FAILED:
        shards.insert(0, gate_shard(outcome.datasets[-1], len(shards)))
        _persist(ctx, outcome, shards[0])
    outcome.doing = "reporting"
    mark_status(ctx, RunStatus.REPORTING)
    summary = RunSummary(
        run_id=ctx.run_id, project=ctx.project_name, suite=ctx.suite,
        environment=ctx.environment, status=RunStatus.REPORTING, shards=shards,
        branch=ctx.branch, commit=ctx.commit, run_dir=str(ctx.run_dir),
        datasets=outcome.datasets, coverage=outcome.coverage, quarantine=quarantine,
        journeys=outcome.journeys, load_tests=outcome.load_tests,
    )
    summary.features = _features(ctx, summary.results)
    warnings = outcome.collection.warnings() if outcome.collection else []
    verdict = decide(outcome, summary, [*expiry_notes(quarantine), *warnings],
                     ctx.run_dir / "shards")
    verdict = gate_verdict(ctx, summary, verdict)  # quality gates on the run's history
    summary.status, summary.message = verdict.status, verdict.message
    if verdict_awaited(ctx.run_id):
        return _verdict_first(ctx, summary, verdict, outcome.health)
    _analyse(ctx, summary, outcome.health)
    _times(ctx, summary)
    write_reports(summary, ctx.run_dir, report_history(ctx))
    _allure(ctx, summary)
    verdict = _record(ctx, verdict)
    upload_artifacts(ctx, summary)  # to S3 when configured; never changes the verdict
    return _final_state(verdict)


def _verdict_first(ctx: RunContext, summary: RunSummary, verdict: Verdict,
                   health: dict[str, str]) -> State:
    """Write the JUnit XML, record the verdict and announce it (the command line waiting
    for it exits), then analyse the failures, write the HTML report and upload the
    artifacts. The report's history is read before the run is recorded as ended, so it
    leaves the run out as :func:`_report` does. From the announcement on the verdict
    stands: a report that fails, or a signal, is logged and changes nothing."""
    _times(ctx, summary)
    junit = write_junit_report(summary, ctx.run_dir)
    history = report_history(ctx)
    verdict = _record(ctx, verdict)
    announce_verdict(ctx.run_id, verdict)
    try:
        _analyse(ctx, summary, health)
        write_reports(summary, ctx.run_dir, history, junit=junit)
        _allure(ctx, summary)
        upload_artifacts(ctx, summary)
    except BaseException as exc:  # noqa: BLE001 - the verdict is recorded and announced
        get_run_logger().error("run %d: its reports were not finished: %s: %s", ctx.run_id,
                               type(exc).__name__, exc)
    return _final_state(verdict)


def _analyse(ctx: RunContext, summary: RunSummary, health: dict[str, str]) -> None:
    """Cluster the failed and flaky tests by cause, for the report."""
    failed = [r for r in summary.results if r.outcome.is_failure or r.flaky]
    if failed:
        analysed = analyse_failures(ctx, failed, health, return_state=True)
        if analysed.is_completed():  # an analysis that broke must not lose the report
            summary.failure_clusters = analysed.result().clusters


def _allure(ctx: RunContext, summary: RunSummary) -> None:
    if ctx.project.config.results.allure:  # a failed export is logged, the run goes on
        write_allure_results(ctx, summary, return_state=True)


def _record(ctx: RunContext, verdict: Verdict) -> Verdict:
    """Store the verdict's status; a store that refuses it makes the run infra_failed."""
    try:
        mark_status(ctx, verdict.status, verdict.message)
    except StoreError as exc:
        get_run_logger().error("status %s not stored: %s", verdict.status.value, exc)
        return store_refused(verdict, exc)
    return verdict


def _features(ctx: RunContext, results: list[TestResult]) -> list[FeatureStatus]:
    """The Gherkin features the run's scenarios belong to, with those it did not run."""
    if ctx.standalone or not any(result.scenario for result in results):
        return []
    from qatron.features import run_features_status  # the Gherkin parser, only when needed

    app_dir = ctx.project.application_dir(ctx.project.suite(ctx.suite))
    return run_features_status(app_dir, results)


def _quarantine(ctx: RunContext, shards: list[ShardResult]) -> list[QuarantineMatch]:
    """Mark the quarantined results (their failures then do not fail the run) and store
    the matches, where the results store reads them back."""
    results = [result for shard in shards for result in shard.results]
    matches = apply_quarantine(ctx.project.config.quarantine, results)
    for note in expiry_notes(matches):
        get_run_logger().warning(note)
    if matches:
        with ctx.store() as store:
            store.save_quarantine(ctx.run_id, matches)
    return matches


def _times(ctx: RunContext, summary: RunSummary) -> None:
    with ctx.store() as store:
        record = store.get_run(ctx.run_id)
    if record is not None and record.started_at is not None:
        summary.started_at = record.started_at.timestamp()
    summary.finished_at = time.time()


def _final_state(verdict: Verdict) -> State:
    status, message = verdict.status, verdict.message
    if status is RunStatus.COMPLETED:
        return Completed(name=status.state_name, message=message)
    if status is RunStatus.CANCELLED:
        return Cancelled(name=status.state_name, message=message)
    return Failed(name=status.state_name, message=message)
