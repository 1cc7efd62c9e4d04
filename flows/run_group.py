"""The ``run-group`` flow: several suites against one environment, provisioned once.

    provision environment (app version V) ─► run-suite A ─► run-suite B ─► … ─► tear down

Jobs that target the same application version share its environment, as the
job-grouping seed asks: services start, and test data loads, once; every
suite's shards use them; teardown follows the last suite, whatever happened.
Each suite is a run of its own (store, reports, exit code), as a subflow.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.states import Cancelled, Completed, Failed, State

from blocks.environment import resolve_environment
from flows.run_suite import run_suite
from flows.shared import share, unshare
from qatron.config import Project, load_project
from qatron.errors import ConfigError
from qatron.models import RunStatus
from qatron.options import RunOptions
from qatron.outcome import status_of
from qatron.run import open_run
from qatron.services import RunningEnvironment
from qatron.shared_environments import environment_key, shared_environment
from tasks.environment import (
    load_group_test_data,
    provision_group_environment,
    teardown_environment,
)


@flow(name="run-group", flow_run_name="{app_version} on {env}")
def run_group(
    suites: list[str],
    env: str = "local",
    project: str = ".",
    app_version: str = "current",
    branch: str | None = None,
    commit: str | None = None,
    run_ids: list[int] | None = None,
) -> State:
    """Run several suites against one environment provisioned once for ``app_version``.

    Args:
        suites: suites of the project's qatron.yml, run one after the other.
        env: an environment of qatron.yml.
        project: the folder holding qatron.yml.
        app_version: the application version under test; names the shared environment.
        branch: the branch under test, stored with each run.
        commit: the commit under test, stored with each run.
        run_ids: runs already created by `qatron run` for these suites (leave empty).
    """
    resolve_environment(env)
    loaded = load_project(project)
    for suite in suites:
        loaded.suite(suite)
    if run_ids is not None and len(run_ids) != len(suites):
        raise ConfigError("run_ids: one run id per suite, in the same order")
    key = environment_key(loaded.root, env, app_version)
    folder = loaded.state_dir / "groups" / f"{app_version}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True, exist_ok=True)
    states: list[State] = []
    try:
        with shared_environment(key, lambda: _provision(loaded, env, folder),
                                teardown=teardown_environment) as environment:
            share(key, environment)
            try:
                for index, suite in enumerate(suites):
                    run_id = run_ids[index] if run_ids else open_run(loaded, RunOptions(
                        suite=suite, environment=env, branch=branch, commit=commit)).run_id
                    get_run_logger().info("suite %s (run %d) on the shared environment",
                                          suite, run_id)
                    states.append(run_suite(suite=suite, env=env, project=str(loaded.root),
                                            run_id=run_id, shared_environment=key,
                                            return_state=True))
            finally:
                unshare(key)
    except BaseException as exc:  # noqa: BLE001 - one place maps it to a status
        if states:
            raise
        status, message = status_of(exc, f"provisioning environment {env!r} for the group",
                                    folder)
        _fail_runs(loaded, run_ids or [], status,
                   f"the shared environment did not start: {message}")
        return Failed(name=status.state_name, message=message) if status is not \
            RunStatus.CANCELLED else Cancelled(name=status.state_name, message=message)
    message = "; ".join(f"{suite}: {state.name}" for suite, state in zip(suites, states,
                                                                          strict=False))
    if states and all(state.is_completed() for state in states):
        return Completed(message=message)
    return Failed(name="GroupFailed", message=message)


def _provision(project: Project, env: str, folder: Path) -> RunningEnvironment:
    environment = provision_group_environment(str(project.root), env, str(folder))
    try:
        if project.environment(env).data is not None:
            load_group_test_data(str(project.root), env, environment)
    except BaseException:
        teardown_environment(environment)
        raise
    return environment


def _fail_runs(project: Project, run_ids: list[int], status: RunStatus, message: str) -> None:
    from qatron.run import database_url
    from qatron.store import ResultsStore

    with ResultsStore(database_url(project)) as store:
        for run_id in run_ids:
            store.set_status(run_id, status, message)
