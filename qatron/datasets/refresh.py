"""Regenerate a dataset's file from its ``generate`` spec, then validate it.

The file is written to a temporary name beside it and renamed over it, so a
reader (a running suite, a validation) sees the old file or the new one,
never half of one.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from qatron.config import Dataset, Project
from qatron.datasets.report import DatasetReport
from qatron.datasets.sources import file_format
from qatron.datasets.validate import as_project, config_error, dataset_config, validate_dataset

if TYPE_CHECKING:
    import pandas as pd


def refresh_dataset(project: Project | str | Path, name: str) -> DatasetReport:
    """Regenerate dataset ``name`` when it has ``generate``, then validate it.

    Without ``generate`` the data is validated as it is; the report's
    ``notes`` say which of the two happened.
    """
    project = as_project(project)
    dataset = dataset_config(project, name)
    if dataset.generate is None:
        note = (f"datasets.{name} has no 'generate': validated the data as it is, "
                f"without regenerating it")
    else:
        path, rows = regenerate(project, name, dataset)
        note = f"regenerated {path.relative_to(project.root)}: {rows} rows"
    report = validate_dataset(project, name)
    report.notes.insert(0, note)
    return report


def regenerate(project: Project, name: str, dataset: Dataset) -> tuple[Path, int]:
    """Write the generated table to the dataset's ``path``; return the path and row count."""
    from qatron.testdata import generate_from_spec

    if dataset.path is None or dataset.generate is None:
        raise config_error(project, (f"datasets.{name}", "generate"),
                           "'generate' on a dataset with 'path': the file to write the "
                           "generated table to")
    path = project.root / dataset.path
    file_format(path, f"datasets.{name}")  # before the work of generating
    data = generate_from_spec(project, dataset.generate)
    frame = data.tables[_table(project, name, dataset, list(data.tables))]
    write_atomically(frame, path, f"datasets.{name}")
    return path, len(frame)


def write_atomically(frame: pd.DataFrame, path: Path, key: str = "dataset") -> None:
    """Write ``frame`` as CSV or Parquet (by ``path``'s extension) via a rename.

    ``key`` names the dataset in the error for any other extension.
    """
    kind = file_format(path, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{secrets.token_hex(6)}.{path.name}")  # same extension
    try:
        if kind == "parquet":
            frame.to_parquet(temporary, index=False)
        else:
            frame.to_csv(temporary, index=False)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _table(project: Project, name: str, dataset: Dataset, tables: list[str]) -> str:
    """The generated table the dataset is: its ``table``, or the only one."""
    if dataset.table is not None:
        if dataset.table not in tables:
            raise config_error(project, (f"datasets.{name}", "table"),
                               f"one of the generated tables ({', '.join(tables)}); "
                               f"got {dataset.table!r}")
        return dataset.table
    if len(tables) != 1:
        raise config_error(project, (f"datasets.{name}", "generate"),
                           f"one generated table, or 'table' saying which of "
                           f"{', '.join(tables) or 'none'} to write to {dataset.path}")
    return tables[0]
