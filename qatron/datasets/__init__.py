"""Datasets the tests depend on, validated by Great Expectations 1.x.

::

    report = validate_dataset(project, "users")   # qatron.yml's datasets.users
    report.success, report.summary()              # 'users: 1 of 5 expectations failed (...)'
    report = refresh_dataset(project, "users")    # regenerate (with 'generate'), validate
    report = validate_data("users", DataSource("users", path=Path("users.csv")),
                           [{"expect_column_values_to_not_be_null": {"column": "id"}}])

Nothing here imports Prefect, and Great Expectations (about ten seconds to
import) is imported on first validation, after the expectation names and the
data source have been checked. Unreadable data raises DatasetError (exit code
5); a bad expectations file or dataset entry raises ConfigError (exit code 2).
"""

from __future__ import annotations

from qatron.datasets.expectations import ExpectationSpec, load_expectations, parse_expectations
from qatron.datasets.refresh import refresh_dataset
from qatron.datasets.report import DatasetReport, ExpectationOutcome
from qatron.datasets.sources import DataSource
from qatron.datasets.validate import validate_data, validate_dataset

__all__ = [
    "DataSource",
    "DatasetReport",
    "ExpectationOutcome",
    "ExpectationSpec",
    "load_expectations",
    "parse_expectations",
    "refresh_dataset",
    "validate_data",
    "validate_dataset",
]
