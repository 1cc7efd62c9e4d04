"""Provision the environment a run tests against, seed its data, and tear it down."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron.errors import InfrastructureError, ServiceStartError
from qatron.gc import remove_orphans
from qatron.redaction import redact
from qatron.run import RunContext
from qatron.services import RunningEnvironment, new_run_tag, start_environment
from qatron.teardown import stop_environment

PROVISION_RETRIES = 2


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a provisioning that met an unreachable server or a service that would not start.

    A bad configuration (ConfigError) is not retried: it would fail the same way.
    """
    try:
        state.result()
    except (InfrastructureError, ServiceStartError):
        return True
    except BaseException:  # noqa: BLE001 - anything else is not worth retrying
        return False
    return False


@task(name="provision-environment", task_run_name="provision {ctx.environment}",
      cache_policy=NO_CACHE, retries=PROVISION_RETRIES, retry_delay_seconds=2,
      retry_condition_fn=_transient)
def provision_environment(ctx: RunContext,
                          hold: Callable[[RunningEnvironment], None] | None = None
                          ) -> RunningEnvironment:
    """Start the environment's services in dependency order, each health-checked.

    With ``hold``, the environment is handed to it as soon as its services are up,
    and the caller tears it down whatever happens next (a signal before this task
    has returned, a failed attempt); without, a failed attempt stops whatever it
    started. Either way a retry starts afresh.
    First, what crashed runs of this project left behind is removed (as ``qatron env gc``).
    """
    remove_orphans(ctx.project, get_run_logger().info)
    env = start_environment(ctx.project, ctx.environment, ctx.run_dir,
                            run_tag=new_run_tag(ctx.run_id), keep_going=ctx.journey_only)
    if hold is not None:
        hold(env)
    try:
        env.write(ctx.run_dir / "environment.json")
    except BaseException:
        if hold is None:  # nobody else holds the started services
            stop_environment(env)
        raise
    for name, service in env.services.items():
        get_run_logger().info("service %s is up: %s", name,
                              redact(str(service.values.get("url", ""))))
    for name, reason in env.down.items():
        get_run_logger().warning("service %s is down: %s", name, redact(reason))
    return env


@task(name="check-browser", task_run_name="check the browser for {ctx.suite}",
      cache_policy=NO_CACHE)
def prepare_browser(ctx: RunContext, env: RunningEnvironment) -> dict[str, str]:
    """Resolve the suite's ``browser:`` (a service's ``{grid.url}``, a ``selenium-grid``
    block), check it once and keep its ``QATRON_BROWSER_*`` variables in the run folder.

    No ``browser:``: nothing to do ({}). An unready Grid, or no local Chromium, raises
    InfrastructureError: the run ends ``infra_failed`` before any test starts.
    """
    from qatron.browser_config import browser_environ, browser_of, check_browser, keep
    from qatron.services import fill

    settings = browser_of(ctx.project, None if ctx.standalone else ctx.suite_config)
    if settings is None:
        return {}
    if settings.grid_block:
        from blocks.selenium_grid import grid_url_of

        grid_url, where = grid_url_of(settings.grid_block), f"block {settings.grid_block!r}"
    else:
        grid_url = fill(settings.grid_url, env, "browser.grid_url")
        where = "browser.grid_url"
    check_browser(grid_url, where)
    environ = browser_environ(settings, grid_url)
    keep(ctx.run_dir, environ)
    get_run_logger().info("browser: %s", redact(grid_url) if grid_url else "local Chromium")
    return environ


@task(name="load-test-data", task_run_name="load test data into {env.name}",
      cache_policy=NO_CACHE)
def load_test_data(ctx: RunContext, env: RunningEnvironment) -> dict[str, Any]:
    """Generate the environment's test data, write it to files, load it, and version it."""
    from qatron.seeding import seed_environment

    data = seed_environment(ctx, env)
    get_run_logger().info("test data %s: %s", data["version"][:12],
                          ", ".join(f"{t} {n} rows" for t, n in data["rows"].items()))
    return data


@task(name="provision-group-environment", task_run_name="provision {env_name} for a group",
      cache_policy=NO_CACHE, retries=PROVISION_RETRIES, retry_delay_seconds=2,
      retry_condition_fn=_transient)
def provision_group_environment(project_dir: str, env_name: str, folder: str) -> RunningEnvironment:
    """Start an environment shared by a group of suites (logs in the group's folder)."""
    from pathlib import Path

    from qatron.config import load_project

    env = start_environment(load_project(project_dir), env_name, Path(folder),
                            run_tag=new_run_tag())
    for name, service in env.services.items():
        get_run_logger().info("service %s is up: %s", name,
                              redact(str(service.values.get("url", ""))))
    return env


@task(name="load-group-test-data", task_run_name="load test data into {env_name}",
      cache_policy=NO_CACHE)
def load_group_test_data(project_dir: str, env_name: str,
                         env: RunningEnvironment) -> dict[str, Any]:
    """Seed a shared environment once for the whole group."""
    from qatron.config import load_project
    from qatron.seeding import seed

    return seed(load_project(project_dir), env_name, env)


@task(name="teardown-environment", task_run_name="tear down {env.name}", cache_policy=NO_CACHE)
def teardown_environment(env: RunningEnvironment) -> None:
    """Stop every service of the environment, last started first, within the teardown
    deadline (QATRON_TEARDOWN_TIMEOUT, 120 s)."""
    problems = stop_environment(env)
    for problem in problems:
        get_run_logger().warning("teardown: %s", problem)
