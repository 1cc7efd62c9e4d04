"""``QatronDataset``: a dataset and its expectations kept in Prefect instead of qatron.yml.

    QatronDataset(url="postgresql://qa:secret@db:5432/shop", table="users", expectations=[
        {"expect_column_values_to_not_be_null": {"column": "id"}},
        {"expect_table_row_count_to_be_between": {"min_value": 1}},
    ]).save("shop-users")
    report = QatronDataset.load("shop-users").validate_dataset("shop-users")
    report.success, report.summary()

The expectations are the list of an expectations file; the validation is the
engine's (``qatron.datasets.validate_data``), with the same errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from prefect.blocks.core import Block
from pydantic import Field, SecretStr

from qatron.datasets import DatasetReport, DataSource, validate_data


class QatronDataset(Block):
    """Data the tests depend on (a CSV/Parquet file or a database table) and its expectations."""

    _block_type_name: ClassVar[str] = "QAtron Dataset"
    _block_type_slug: ClassVar[str] = "qatron-dataset"
    _description: ClassVar[str] = ("A CSV/Parquet file or a database table, and the Great "
                                   "Expectations it must meet before tests use it.")

    path: str | None = Field(None, description="A CSV or Parquet file (relative to the "
                                               "worker's working directory).")
    url: SecretStr | None = Field(None, description="SQLAlchemy URL of the database holding "
                                                    "'table'.")
    table: str | None = Field(None, description="The table to validate ('schema.table' "
                                                "for another schema).")
    expectations: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Expectations as in an expectations file, e.g. "
                    "[{\"expect_column_values_to_not_be_null\": {\"column\": \"id\"}}].")

    def source(self, name: str = "dataset") -> DataSource:
        """Where the data is; ConfigError unless exactly one of path or url (with table)."""
        return DataSource(f"block qatron-dataset/{name}",
                          path=Path(self.path) if self.path is not None else None,
                          url=self.url.get_secret_value() if self.url is not None else None,
                          table=self.table)

    def validate_dataset(self, name: str | None = None,
                         run_id: int | None = None) -> DatasetReport:
        """Validate the data against the expectations (Great Expectations, imported lazily)."""
        name = name or getattr(self, "_block_document_name", None) or "dataset"
        return validate_data(name, self.source(name), self.expectations, run_id=run_id)
