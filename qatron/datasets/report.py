"""What a validation found: one :class:`ExpectationOutcome` per expectation, in a report.

::

    report.success                   # every expectation met
    report.failed_outcomes           # the ones that were not
    report.summary()                 # 'users: 1 of 5 expectations failed (... e.g. 12, 130)'
    json.dumps(report.to_json())     # plain JSON; DatasetReport.from_json reads it back
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

SAMPLE_SIZE = 10
_MISSING = frozenset({"NAType", "NaTType"})  # pandas' pd.NA and pd.NaT
_SUMMARY_SAMPLE = 3


@dataclass
class ExpectationOutcome:
    """One expectation's result.

    Column expectations count ``unexpected_count`` rows (``unexpected_percent``
    of the non-null ones) and give up to ten distinct bad values as
    ``sample``; aggregate ones (row count, mean…) give ``observed_value``.
    ``exception`` is set when the expectation could not be evaluated at all
    (say, a missing column).
    """

    expectation: str
    kwargs: dict[str, Any]
    success: bool
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    sample: list[Any] = field(default_factory=list)
    observed_value: Any = None
    exception: str | None = None

    @property
    def target(self) -> str:
        """The column(s) the expectation is about, or '' for a table expectation."""
        kwargs = self.kwargs
        if "column" in kwargs:
            return str(kwargs["column"])
        if "column_A" in kwargs and "column_B" in kwargs:
            return f"{kwargs['column_A']}, {kwargs['column_B']}"
        columns = kwargs.get("column_list")
        return ", ".join(map(str, columns)) if isinstance(columns, list) else ""

    def arguments(self) -> str:
        """The arguments but the column: ``min_value=18, max_value=90``."""
        return ", ".join(f"{key}={show(value)}" for key, value in self.kwargs.items()
                         if key not in ("column", "column_A", "column_B", "column_list"))

    def unexpected(self) -> str:
        """``7 (0.7%)``, or '' for an expectation that does not count rows."""
        if self.unexpected_count is None:
            return ""
        percent = self.unexpected_percent
        return f"{self.unexpected_count:,}" + (f" ({percent:.2g}%)" if percent else "")

    def evidence(self, limit: int = 5) -> str:
        """The error, up to ``limit`` bad values, or the observed value."""
        if self.exception:
            return f"error: {self.exception}"
        if self.sample:
            more = ", ..." if len(self.sample) > limit else ""
            return ", ".join(show(value) for value in self.sample[:limit]) + more
        if self.observed_value is not None:
            return f"observed {show(self.observed_value)}"
        return ""

    def describe(self) -> str:
        """``expect_column_values_to_be_between age: 7 unexpected, e.g. 12, 130``."""
        head = f"{self.expectation} {self.target}".rstrip()
        if self.exception:
            return f"{head}: error: {self.exception}"
        if self.unexpected_count:
            sample = ", ".join(show(value) for value in self.sample[:_SUMMARY_SAMPLE])
            return f"{head}: {self.unexpected_count} unexpected" + (f", e.g. {sample}"
                                                                    if sample else "")
        if self.observed_value is not None:
            return f"{head}: observed {show(self.observed_value)}"
        return head


@dataclass
class DatasetReport:
    """One validation of a dataset against its expectations."""

    dataset: str
    success: bool
    evaluated: int
    failed: int
    rows: int | None
    content_hash: str | None
    duration: float
    results: list[ExpectationOutcome]
    source: str = ""
    run_id: int | None = None
    validated_at: datetime | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, dataset: str, results: list[ExpectationOutcome], **fields: Any
           ) -> DatasetReport:
        """A report whose success and counts follow from ``results``."""
        failed = sum(not outcome.success for outcome in results)
        return cls(dataset=dataset, success=failed == 0, evaluated=len(results), failed=failed,
                   results=results, **fields)

    @property
    def failed_outcomes(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.results if not outcome.success]

    def summary(self) -> str:
        """One line: what failed, with a few bad values; or that all passed."""
        if self.success:
            rows = f" ({rows_text(self.rows)})" if self.rows is not None else ""
            return f"{self.dataset}: all {self.evaluated} expectations passed{rows}"
        details = "; ".join(outcome.describe() for outcome in self.failed_outcomes)
        return (f"{self.dataset}: {self.failed} of {self.evaluated} expectations failed "
                f"({details})")

    def to_json(self) -> dict[str, Any]:
        """A dict of JSON types only (``validated_at`` as ISO 8601)."""
        data = asdict(self)
        data["validated_at"] = self.validated_at.isoformat() if self.validated_at else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DatasetReport:
        fields = dict(data)
        fields["results"] = [ExpectationOutcome(**outcome) for outcome in data["results"]]
        stamp = data.get("validated_at")
        fields["validated_at"] = datetime.fromisoformat(stamp) if stamp else None
        return cls(**fields)


def json_safe(value: Any) -> Any:
    """``value`` with numpy/pandas scalars, dates and NaN turned into JSON types."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if type(value).__name__ in _MISSING:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return json_safe(float(value))
    if isinstance(value, bytes):
        return value.hex()
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and getattr(value, "ndim", 1) == 0:
        return json_safe(item())
    if hasattr(value, "tolist"):  # numpy arrays
        return json_safe(value.tolist())
    return str(value)


def rows_text(rows: int) -> str:
    """``1 row``, ``1,000 rows``."""
    return f"{rows:,} row" + ("" if rows == 1 else "s")


def show(value: Any) -> str:
    """A value as a short readable token: strings quoted, None as null."""
    if value is None:
        return "null"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
