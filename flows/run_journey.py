"""The ``run-journey`` flow: one journey alone, on an environment of its own.

    provision environment (services that fail to start are down, not fatal)
          │
    journey steps as a graph of task runs ─► teardown (always) ─► analyse ─► report

A step whose application is down is not run; it and the steps depending on it are
reported with the reason. The run is recorded like a suite's, as suite
``journey:<name>``; its status and exit code follow the same table.
"""

from __future__ import annotations

from prefect import flow
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner

from flows.run_suite import run_standalone
from qatron.config import JOURNEY_PREFIX


@flow(name="run-journey", flow_run_name="journey {journey}",
      task_runner=ThreadPoolTaskRunner(max_workers=16))
def run_journey(
    journey: str,
    env: str | None = None,
    project: str = ".",
    branch: str | None = None,
    commit: str | None = None,
    run_id: int | None = None,
) -> State:
    """Run a journey of a QAtron project: tests of several applications in sequence,
    passing data between them.

    Args:
        journey: a journey of the project's qatron.yml, e.g. "checkout".
        env: an environment of qatron.yml (default: the journey's ``environment``).
        project: the folder holding qatron.yml (relative to the working directory).
        branch: the branch under test, stored with the run.
        commit: the commit under test, stored with the run.
        run_id: a run already created by `qatron journey run` (leave empty).
    """
    return run_standalone(f"{JOURNEY_PREFIX}{journey}", env, project, branch, commit, run_id)
