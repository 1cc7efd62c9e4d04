"""Versions of generated test data in the results store (table ``data_versions``).

A version records what identifies the data (content and schema hashes, seed,
rows per table), where its files were written and the run it was made for::

    version_id = store.save_data_version("shop", "staging", data, files, run_id=7)
    store.data_versions("shop", "staging")[0].content_hash
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from qatron.errors import ConfigError, StoreError
from qatron.store.models import DataVersionRow, RunRow

if TYPE_CHECKING:  # the store does not import pandas/pyarrow until data is generated
    from qatron.testdata import GeneratedData

__all__ = ["DataVersion", "list_versions", "save_version"]

Sessions = Callable[..., AbstractContextManager[Session]]
_SEED_RANGE = (-(2**31), 2**31 - 1)  # the column is a 32-bit INTEGER


@dataclass(frozen=True)
class DataVersion:
    """One stored version of generated test data."""

    id: int
    project: str
    name: str
    content_hash: str
    schema_hash: str
    seed: int
    rows: dict[str, int]
    files: dict[str, str]
    run_id: int | None
    created_at: datetime


def save_version(sessions: Sessions, project: str, name: str, data: GeneratedData,
                 files: Mapping[str, Path | str], run_id: int | None = None) -> int:
    """Record a version of ``data`` (written to ``files``); return its id."""
    low, high = _SEED_RANGE
    if not low <= data.seed <= high:
        raise ConfigError(f"seed {data.seed} can't be stored: the results store keeps seeds "
                         f"from {low} to {high}; choose a smaller seed")
    row = DataVersionRow(project=project, name=name, content_hash=data.content_hash,
                         schema_hash=data.schema_hash, seed=data.seed, rows=dict(data.rows),
                         files={table: str(path) for table, path in files.items()},
                         run_id=run_id, created_at=datetime.now(UTC))
    with sessions(write=True) as session:
        if run_id is not None and session.get(RunRow, run_id) is None:
            raise StoreError(f"run {run_id} does not exist: cannot record its test data")
        session.add(row)
        session.flush()
        return row.id


def list_versions(sessions: Sessions, project: str, name: str,
                  limit: int = 20) -> list[DataVersion]:
    """The newest ``limit`` versions of ``project``'s data ``name``, newest first."""
    query = (select(DataVersionRow)
             .where(DataVersionRow.project == project, DataVersionRow.name == name)
             .order_by(DataVersionRow.id.desc()).limit(limit))
    with sessions() as session:
        return [_record(row) for row in session.scalars(query)]


def _record(row: DataVersionRow) -> DataVersion:
    return DataVersion(id=row.id, project=row.project, name=row.name,
                       content_hash=row.content_hash, schema_hash=row.schema_hash,
                       seed=row.seed, rows=dict(row.rows), files=dict(row.files),
                       run_id=row.run_id, created_at=row.created_at)
