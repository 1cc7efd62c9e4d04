"""Collect a suite's tests and run its shards."""

from __future__ import annotations

import threading

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.models import ShardResult
from qatron.pytest_runner import Collection, ShardSpec, TestCommand, collect_tests, execute_shard
from qatron.run import RunContext


@task(name="collect-tests", task_run_name="collect {ctx.suite}", cache_policy=NO_CACHE)
def collect_suite(ctx: RunContext, command: TestCommand,
                  cancel: threading.Event | None = None) -> Collection:
    """List the suite's tests (pytest's collection, with the suite's markers and paths);
    setting ``cancel`` stops it."""
    collection = collect_tests(command, ctx.run_dir, cancel=cancel)
    get_run_logger().info(
        "%d tests collected, %d collection errors", len(collection.nodeids), len(collection.errors)
    )
    return collection


@task(name="run-local-shard", task_run_name="shard {spec.index}/{spec.count}",
      cache_policy=NO_CACHE)
def run_local_shard(spec: ShardSpec) -> ShardResult:
    """Run one shard in its own pytest process, rerunning its failures."""
    result = execute_shard(spec)
    get_run_logger().info("shard %d/%d %s: %s", spec.index, spec.count, result.status.value,
                          result.message.splitlines()[0] if result.message else "")
    return result
