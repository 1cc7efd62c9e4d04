"""The ``refresh-datasets`` flow: regenerate and validate a project's datasets.

    for each dataset (by default all but those a run's services hold):
        refresh-dataset ─► regenerate its file (when it has 'generate') ─► validate
                           ─► results store + markdown artifact
    final state: Completed, Failed "DatasetFailed" (a dataset fails its
                 expectations) or Failed "InfraFailed" (one could not be read)
"""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.states import Completed, Failed, State

from qatron.config import Project, _choose, load_project
from qatron.datasets import DatasetReport
from qatron.datasets.validate import run_placeholder
from qatron.models import RunStatus
from tasks.datasets import refresh_dataset


@flow(name="refresh-datasets", flow_run_name="refresh datasets of {project}")
def refresh_datasets(project: str = ".", datasets: list[str] | None = None) -> State:
    """Regenerate (where they have 'generate') and validate datasets of a QAtron project.

    Args:
        project: the folder holding qatron.yml (relative to the working directory).
        datasets: names under 'datasets:' in qatron.yml; empty means all of them but those
            whose URL a run's services fill in (the runs' dataset gate checks those).
    """
    config = load_project(project)
    names, skipped = _chosen(config, datasets)
    for note in skipped:
        get_run_logger().info("not refreshed: %s", note)
    if not names:
        return Completed(message="; ".join(skipped) or f"{config.path} declares no datasets")
    reports: list[DatasetReport] = []
    errors: list[str] = []
    for name in names:
        state = refresh_dataset(project, name, return_state=True)
        if state.is_completed():
            reports.append(state.result())
        else:
            errors.append(f"{name}: {state.result(raise_on_failure=False)}")
    return _verdict(reports, errors)


def _chosen(config: Project, wanted: list[str] | None) -> tuple[list[str], list[str]]:
    """The datasets to refresh, and notes on those left out.

    Asked for none in particular, a dataset whose URL a run's services fill in
    (``{customers-db.url}``) is left out: it is checked by the runs' gate.
    """
    declared = config.config.datasets
    if wanted:
        return [_choose(name, declared, "dataset", config.path) for name in wanted], []
    names, skipped = [], []
    for name, dataset in declared.items():
        placeholder = run_placeholder(dataset.url)
        if placeholder:
            skipped.append(f"{name} (its url {placeholder} is filled in by a run's services)")
        else:
            names.append(name)
    return names, skipped


def _verdict(reports: list[DatasetReport], errors: list[str]) -> State:
    """Completed when every dataset is healthy; else Failed, named for the worst problem."""
    unhealthy = [report.summary() for report in reports if not report.success]
    healthy = len(reports) - len(unhealthy)
    message = "; ".join([*errors, *unhealthy]) or \
        f"{healthy} dataset{'' if healthy == 1 else 's'} healthy"
    get_run_logger().info("%d healthy, %d unhealthy, %d unreadable", healthy, len(unhealthy),
                          len(errors))
    if errors:
        return Failed(name=RunStatus.INFRA_FAILED.state_name, message=message)
    if unhealthy:
        return Failed(name=RunStatus.DATASET_FAILED.state_name, message=message)
    return Completed(message=message)
