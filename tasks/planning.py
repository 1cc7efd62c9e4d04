"""Plan a run's shards (``qatron.planning``) as one step of the pipeline."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from qatron.planning import ShardPlan, ShardsCollect, make_plan
from qatron.pytest_runner import Collection
from qatron.run import RunContext


@task(name="plan-shards", task_run_name="plan shards of run {ctx.run_id}", cache_policy=NO_CACHE)
def plan_shards(ctx: RunContext, collection: Collection | ShardsCollect,
                chosen: set[str] | None = None, resume: bool = False) -> ShardPlan:
    """Which tests run in which shard, and where (or, the shards collecting the tests for
    themselves, how many pull from one queue); recorded so a resumed run knows."""
    with ctx.store() as store:
        return make_plan(ctx, collection, store, chosen, resume)
