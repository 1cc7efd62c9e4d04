"""prefect.yaml: entrypoints resolve, and deploy → worker → `deployment run --watch` works,
the process worker's flow runs forked by the warm worker."""

from __future__ import annotations

import time
from pathlib import Path
from uuid import UUID

import pytest
import yaml
from prefect.client.orchestration import get_client
from prefect.flows import load_flow_from_entrypoint

from qatron.store import ResultsStore
from qatron.warm import WarmWorker
from tests.deployments.conftest import prefect
from tests.projects import REPO, copy_shop, processes_with, qatron, write_project

DEPLOYMENTS = yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]


@pytest.mark.parametrize("deployment", DEPLOYMENTS, ids=lambda d: d["name"])
def test_every_entrypoint_resolves_to_a_flow(deployment: dict) -> None:
    flow = load_flow_from_entrypoint(str(REPO / deployment["entrypoint"]))
    module = deployment["entrypoint"].split(":")[0]
    assert flow.name == {"flows/run_suite.py": "run-suite", "flows/run_group.py": "run-group",
                         "flows/refresh_datasets.py": "refresh-datasets",
                         "flows/run_shard.py": "run-shard",
                         "flows/cleanup_artifacts.py": "cleanup-artifacts",
                         "flows/run_journey.py": "run-journey",
                         "flows/run_load.py": "run-load-test",
                         "flows/run_load_worker.py": "run-load-worker",
                         "flows/generate_tests.py": "generate-tests"}[module]
    assert set(deployment.get("parameters", {})) <= set(flow.parameters.properties)


def test_deployments_are_registered_with_the_nightly_schedule(deployed: dict[str, str]) -> None:
    listed = prefect("deployment", "ls", env=deployed)
    for name in ("smoke", "regression", "regression-nightly", "full"):
        assert f"run-suite/{name}" in listed.stdout
    nightly = prefect("deployment", "inspect", "run-suite/regression-nightly", env=deployed)
    assert "0 2 * * *" in nightly.stdout
    cleanup = prefect("deployment", "inspect", "cleanup-artifacts/cleanup-artifacts",
                      env=deployed)
    assert "0 3 * * *" in cleanup.stdout
    for name in ("run-shard/process", "run-shard/docker", "run-load-worker/process"):
        assert name in listed.stdout
    nightly_load = prefect("deployment", "inspect", "run-load-test/payments-nightly",
                           env=deployed)
    assert "30 2 * * *" in nightly_load.stdout


def test_deployment_run_watch_exits_zero_on_pass_and_nonzero_on_failure(
    deployed: dict[str, str], tmp_path: Path
) -> None:
    shop = copy_shop(tmp_path / "shop")
    passed = prefect("deployment", "run", "run-suite/smoke", "--watch", "--watch-interval", "1",
                     "--param", f"project={shop}", env=deployed)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Completed" in passed.stdout

    failing = write_project(tmp_path / "failing", """
        project: failing
        suites: {all: {}}
    """, {"tests/test_no.py": "def test_no():\n    assert False\n"})
    failed = prefect("deployment", "run", "run-suite/smoke", "--watch", "--watch-interval", "1",
                     "--param", f"project={failing}", "--param", "suite=all", env=deployed)
    assert failed.returncode != 0
    assert "Failed" in failed.stdout + failed.stderr


def test_the_warm_worker_forks_a_deployments_flow_runs_and_without_it_they_run_alone(
    deployed: dict[str, str], tmp_path: Path
) -> None:
    shop = copy_shop(tmp_path / "shop")
    warm = WarmWorker(Path(deployed["QATRON_HOME"]) / "server")
    before = warm.answer()
    assert before is not None

    def smoke() -> tuple[int, int]:
        """The pid of the process the work pool's worker started for a smoke flow run,
        and of the process that ran the flow."""
        ran = prefect("deployment", "run", "run-suite/smoke", "--watch", "--watch-interval",
                      "1", "--param", f"project={shop}", env=deployed)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        with ResultsStore(f"sqlite:///{shop / '.qatron' / 'results.db'}") as store:
            record = store.list_runs(project="shop")[0]
        assert record.status == "completed" and record.flow_run_id and record.owner
        with get_client(sync_client=True) as client:
            flow_run = client.read_flow_run(UUID(record.flow_run_id))
        started = int(str(flow_run.infrastructure_pid).rsplit(":", 1)[-1])
        return started, int(record.owner["pid"])

    started, ran_in = smoke()
    assert ran_in != started  # handed over: a child of the warm worker ran it
    assert warm.answer() == before  # which lives on

    warm.stop()
    started, ran_in = smoke()
    assert ran_in == started  # `python -m prefect.engine` in the process it started
    assert warm.answer() is None
    restarted = qatron("server", "start", env=deployed)
    assert restarted.returncode == 0, restarted.stderr


def test_stopping_the_warm_worker_mid_flow_run_ends_it_and_leaves_no_process(
    deployed: dict[str, str], tmp_path: Path
) -> None:
    project = write_project(tmp_path / "slow", """
        project: slow
        suites: {all: {}}
    """, {"tests/test_wait.py": """
        import time
        from pathlib import Path

        def test_wait():
            Path(__file__).with_name("started").write_text("x")
            time.sleep(300)
    """})
    ran = prefect("deployment", "run", "run-suite/smoke", "--param", f"project={project}",
                  "--param", "suite=all", env=deployed)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    deadline = time.monotonic() + 120
    while not (project / "tests" / "started").exists():
        assert time.monotonic() < deadline, "the flow run's test never started"
        time.sleep(0.5)

    stopped = qatron("server", "stop", env=deployed)
    assert "stopped the warm worker" in stopped.stderr

    flow_run_id = UUID(ran.stdout.split("UUID: ", 1)[1].split()[0])
    with get_client(sync_client=True) as client:
        while not (state := client.read_flow_run(flow_run_id).state) or not state.is_final():
            assert time.monotonic() < deadline + 120, f"the flow run stays {state}"
            time.sleep(1)
    assert state.type.value in ("CRASHED", "CANCELLED", "FAILED"), state
    assert not processes_with(str(project / "tests"))  # its pytest went with it
    restarted = qatron("server", "start", env=deployed)
    assert restarted.returncode == 0, restarted.stderr


def test_the_shops_checkout_journey_runs_from_its_deployment(
    deployed: dict[str, str], tmp_path: Path
) -> None:
    shop = copy_shop(tmp_path / "shop")
    ran = prefect("deployment", "run", "run-journey/checkout", "--watch", "--watch-interval",
                  "1", "--param", f"project={shop}", env=deployed)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "Completed" in ran.stdout
    with ResultsStore(f"sqlite:///{shop / '.qatron' / 'results.db'}") as store:
        run = store.list_runs(project="shop")[0]
        journeys = store.journeys(run.id)
    assert run.suite == "journey:checkout" and run.status == "completed", run.message
    steps = {step.step: step for step in journeys[0].steps}
    assert set(steps) == {"user-service.test_login",
                          "payment-service.test_refuses_anonymous_payments",
                          "payment-service.test_create_payment", "web-frontend.confirmation"}
    # pending until payment-service settles it, half a second after it was made
    assert steps["web-frontend.confirmation"].outputs["confirmation_status"] in (
        "pending", "settled")
    assert steps["payment-service.test_create_payment"].inputs["headers"] == {
        "Authorization": "***"}


def test_a_load_tests_workers_run_as_flow_runs_of_a_work_pool(
    deployed: dict[str, str], tmp_path: Path
) -> None:
    shop = copy_shop(tmp_path / "shop")
    config = shop / "qatron.yml"
    config.write_text(config.read_text().replace(
        "    workers: 2\n", "    workers: 2\n    worker_deployment: run-load-worker/process\n", 1))
    ran = prefect("deployment", "run", "run-load-test/payments-nightly", "--watch",
                  "--watch-interval", "1", "--param", f"project={shop}", env=deployed)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    with ResultsStore(f"sqlite:///{shop / '.qatron' / 'results.db'}") as store:
        run = store.list_runs(project="shop")[0]
        (result,) = store.load_results(run.id)
    assert run.status == "completed", run.message
    assert result.workers == 2 and result.total.requests >= 20, result.message
    logs = sorted((Path(run.run_dir or "") / "load" / "payments" / "logs").glob("remote-*"))
    assert len(logs) == 2
