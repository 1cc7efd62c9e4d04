"""Persist a run's results as its shards finish: first in the run folder, then the store."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.errors import StoreError
from qatron.models import ShardResult
from qatron.run import RunContext, keep_shard, with_store


@task(name="persist-shard", task_run_name="persist shard {shard.index}", cache_policy=NO_CACHE)
def persist_shard(ctx: RunContext, shard: ShardResult) -> str | None:
    """Save one shard and its test results; None once stored, else why not.

    The shard is written to the run folder before the store is tried, and stays
    there while the store refuses it (retried for the store patience,
    QATRON_STORE_PATIENCE, 600 s): ``qatron resume`` loads it from there.
    """
    kept = keep_shard(ctx.run_dir, shard)
    try:
        with_store(ctx, lambda store: store.save_shard(ctx.run_id, shard))
    except StoreError as exc:
        get_run_logger().warning("shard %d kept in %s, not in the store: %s",
                                 shard.index, kept, exc)
        return str(exc)
    kept.unlink(missing_ok=True)
    return None
