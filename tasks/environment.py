"""Provision the environment a run tests against, and tear it down."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.run import RunContext
from qatron.services import RunningEnvironment, start_environment


@task(name="provision-environment", task_run_name="provision {ctx.environment}",
      cache_policy=NO_CACHE)
def provision_environment(ctx: RunContext) -> RunningEnvironment:
    """Start the environment's services in dependency order, each health-checked."""
    env = start_environment(ctx.project(), ctx.environment, ctx.run_dir)
    env.write(ctx.run_dir / "environment.json")
    for name, service in env.services.items():
        get_run_logger().info("service %s is up at %s", name, service.url)
    return env


@task(name="teardown-environment", task_run_name="tear down {env.name}", cache_policy=NO_CACHE)
def teardown_environment(env: RunningEnvironment) -> None:
    """Stop every service of the environment, last started first."""
    env.stop()
