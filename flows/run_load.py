"""The ``run-load-test`` flow: one load test alone, on an environment of its own.

    provision environment ─► Locust master and workers (processes here, or worker flow
    runs on a work pool) ─► judge against criteria and the last passing run
          ─► teardown (always) ─► report

Recorded like a suite's run, as suite ``load:<name>``: a criterion not met ends it
``failed`` (the criterion in the message), a target that cannot be reached
``infra_failed``, Ctrl-C or a cancel ``cancelled`` with the figures until then kept.
"""

from __future__ import annotations

from prefect import flow
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner

from flows.run_suite import run_standalone
from qatron.config import LOAD_PREFIX


@flow(name="run-load-test", flow_run_name="load test {load_test}",
      task_runner=ThreadPoolTaskRunner(max_workers=8))
def run_load_test(
    load_test: str,
    env: str | None = None,
    project: str = ".",
    branch: str | None = None,
    commit: str | None = None,
    run_id: int | None = None,
) -> State:
    """Run a load test of a QAtron project with Locust and judge it against its criteria.

    Args:
        load_test: a load test of the project's qatron.yml, e.g. "payments".
        env: an environment of qatron.yml (default: the load test's ``environment``).
        project: the folder holding qatron.yml (relative to the working directory).
        branch: the branch under test, stored with the run.
        commit: the commit under test, stored with the run.
        run_id: a run already created by `qatron load run` (leave empty).
    """
    return run_standalone(f"{LOAD_PREFIX}{load_test}", env, project, branch, commit, run_id)
