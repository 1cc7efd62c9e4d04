"""Persist a run's results in the results store as its shards finish."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from qatron.errors import StoreError
from qatron.models import ShardResult
from qatron.run import RunContext


def _transient(task, task_run, state) -> bool:  # type: ignore[no-untyped-def]
    """Retry only when the database could not be reached."""
    try:
        state.result()
    except StoreError:
        return True
    except Exception:
        return False
    return False


@task(name="persist-shard", task_run_name="persist shard {shard.index}", retries=3,
      retry_delay_seconds=[1, 3, 10], retry_condition_fn=_transient, cache_policy=NO_CACHE)
def persist_shard(ctx: RunContext, shard: ShardResult) -> None:
    """Save one shard and its test results."""
    store = ctx.store()
    try:
        store.save_shard(ctx.run_id, shard)
    finally:
        store.close()
