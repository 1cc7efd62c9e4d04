"""Validate and refresh datasets: the engine's reports, recorded and shown as artifacts.

    report = validate_dataset(".", "users")          # in a flow; a DatasetReport
    if not report.success: return Failed(name="DatasetFailed", message=report.summary())

Only DatasetError (an unreadable file, an unreachable database) is retried: a
bad expectations file or a dataset that fails its expectations would not change.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger

from qatron import datasets
from qatron.config import Project, load_project
from qatron.datasets import DatasetReport
from qatron.errors import DatasetError
from qatron.run import database_url
from qatron.store import ResultsStore
from reports.datasets import dataset_markdown

RETRIES = 2


def _unreadable(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only when the data could not be read (it may be back in a moment)."""
    try:
        state.result()
    except DatasetError:
        return True
    except BaseException:  # noqa: BLE001 - anything else would fail the same way again
        return False
    return False


@task(name="validate-dataset", task_run_name="validate dataset {name}", cache_policy=NO_CACHE,
      retries=RETRIES, retry_delay_seconds=2, retry_condition_fn=_unreadable)
def validate_dataset(project: str | Path | Project, name: str, url: str | None = None,
                     run_id: int | None = None) -> DatasetReport:
    """Validate dataset ``name`` of qatron.yml, record it in the results store, publish it.

    ``url`` replaces the dataset's URL once its placeholders are filled in.
    """
    project = _project(project)
    report = datasets.validate_dataset(project, name, url=url, run_id=run_id)
    return _publish(project, report)


@task(name="refresh-dataset", task_run_name="refresh dataset {name}", cache_policy=NO_CACHE,
      retries=RETRIES, retry_delay_seconds=2, retry_condition_fn=_unreadable)
def refresh_dataset(project: str | Path | Project, name: str) -> DatasetReport:
    """Regenerate dataset ``name`` (when it has ``generate``), validate, record and publish it."""
    project = _project(project)
    report = datasets.refresh_dataset(project, name)
    return _publish(project, report)


def _publish(project: Project, report: DatasetReport) -> DatasetReport:
    """Save the report in the store, log its verdict and make it a markdown artifact."""
    with ResultsStore(database_url(project)) as store:
        store.save_validation(project.name, report)
    logger = get_run_logger()
    for note in report.notes:
        logger.info("%s", note)
    (logger.info if report.success else logger.warning)("%s", report.summary())
    create_markdown_artifact(key=artifact_key(report.dataset), markdown=dataset_markdown(report),
                             description=report.summary()[:500])
    return report


def artifact_key(dataset: str) -> str:
    """``qatron-dataset-<name>`` in lowercase letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", f"qatron-dataset-{dataset.lower()}").strip("-")


def _project(project: str | Path | Project) -> Project:
    return project if isinstance(project, Project) else load_project(project)
