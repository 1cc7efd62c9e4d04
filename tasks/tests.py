"""Collect a suite's tests and run its shards."""

from __future__ import annotations

import threading

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.collection_cache import collect_cached
from qatron.junit_runner import discover_tests, execute_junit_shard
from qatron.models import ShardResult
from qatron.planning import ShardsCollect, collected_by_shards
from qatron.pytest_runner import Collection, ShardSpec, TestCommand, execute_shard
from qatron.run import RunContext


@task(name="collect-tests", task_run_name="collect {ctx.suite}", cache_policy=NO_CACHE)
def collect_suite(ctx: RunContext, command: TestCommand,
                  cancel: threading.Event | None = None) -> Collection:
    """List the suite's tests (pytest's collection, with the suite's markers and paths,
    reused while nothing that shapes it changed: see qatron.collection_cache; or the test
    files of a command that writes JUnit XML); setting ``cancel`` stops it."""
    if command.junit_app is not None:
        collection = discover_tests(command)
        get_run_logger().info("%d test files found", len(collection.nodeids))
        return collection
    logger = get_run_logger()
    if command.python is not None:
        logger.info("%s", command.python.describe())
    served = collect_cached(command, ctx.run_dir, ctx.project.state_dir, cancel=cancel)
    collection = served.collection
    if served.cached_for is not None:
        logger.info("%d tests from the collection cached for %s", len(collection.nodeids),
                    served.cached_for)
    else:
        _log_collected(collection)
    _log_notes(collection)
    return collection


@task(name="read-shards-collection", task_run_name="the collection of {ctx.suite}'s shards",
      cache_policy=NO_CACHE)
def shards_collection(ctx: RunContext, collecting: ShardsCollect,
                      shards: list[ShardResult]) -> Collection | None:
    """The collection the first of ``shards`` to finish collecting wrote, kept for the next
    runs (see qatron.collection_cache); None when they were stopped before any had."""
    collection = collected_by_shards(ctx, collecting, shards)
    if collection is not None:
        _log_collected(collection)
        _log_notes(collection)
    return collection


def _log_collected(collection: Collection) -> None:
    get_run_logger().info("%d tests collected, %d collection errors", len(collection.nodeids),
                          len(collection.errors))


def _log_notes(collection: Collection) -> None:
    logger = get_run_logger()
    if collection.skipped:
        logger.info("%d modules skipped while collected", len(collection.skipped))
    for warning in collection.warnings():
        logger.warning("%s", warning)


@task(name="run-local-shard", task_run_name="shard {spec.index}/{spec.count}",
      cache_policy=NO_CACHE)
def run_local_shard(spec: ShardSpec) -> ShardResult:
    """Run one shard in its own pytest process (or the application's JUnit-writing command),
    rerunning its failures."""
    run = execute_shard if spec.command.junit_app is None else execute_junit_shard
    result = run(spec)
    get_run_logger().info("shard %d/%d %s: %s", spec.index, spec.count, result.status.value,
                          result.message.splitlines()[0] if result.message else "")
    return result
