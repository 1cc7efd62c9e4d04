"""Validate a dataset with Great Expectations 1.x, in an ephemeral GX context.

Great Expectations is imported on first use (about ten seconds), and only
after the expectation names and the data source have been checked, so a
typo or a missing file is reported at once.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from qatron.config import Dataset, Project, _choose, _format, load_project
from qatron.datasets.expectations import (
    ExpectationSpec,
    load_expectations,
    parse_expectations,
    to_gx,
)
from qatron.datasets.report import SAMPLE_SIZE, DatasetReport, ExpectationOutcome, json_safe
from qatron.datasets.sources import (
    DataSource,
    check_table,
    first_line,
    read_file,
    split_table,
    sqlite_url,
)
from qatron.errors import ConfigError, DatasetError

if TYPE_CHECKING:
    import pandas as pd

Expectations = Path | Sequence[Mapping[str, Any]] | Sequence[ExpectationSpec]
_PLACEHOLDER = re.compile(r"\{[^{}]+\}")
#: GX keeps the current context in a process-wide global: one validation at a time.
_GX_LOCK = threading.Lock()


def validate_dataset(project: Project | str | Path, name: str, *, url: str | None = None,
                     run_id: int | None = None) -> DatasetReport:
    """Validate dataset ``name`` of qatron.yml against its expectations file.

    ``url`` replaces the dataset's ``url`` once the caller has filled in its
    placeholders (``{payment-db.url}``). ``run_id`` is recorded with the report.
    """
    project = as_project(project)
    dataset = dataset_config(project, name)
    source = dataset_source(project, name, dataset, url)
    specs = load_expectations(project.root / dataset.expectations,
                              f"datasets.{name}.expectations")
    return validate_data(name, source, specs, run_id=run_id)


def validate_data(name: str, source: DataSource, expectations: Expectations, *,
                  run_id: int | None = None) -> DatasetReport:
    """Validate ``source`` against an expectations file or an in-memory list of them."""
    specs = _specs(expectations, source.key)
    began = time.monotonic()
    frame: pd.DataFrame | None = None
    if source.path is not None:
        frame, content_hash = read_file(source)
        rows: int | None = len(frame)
    else:
        rows, content_hash = check_table(source), None
    imported = time.monotonic()
    objects = to_gx(specs)
    began += time.monotonic() - imported  # the one-off import is not the validation's time
    results = _run_gx(source, frame, objects) if objects else []
    outcomes = [_outcome(spec, result) for spec, result in zip(specs, results, strict=True)]
    return DatasetReport.of(name, outcomes, rows=rows, content_hash=content_hash,
                            duration=round(time.monotonic() - began, 3),
                            source=source.display, run_id=run_id,
                            validated_at=datetime.now(UTC))


def as_project(project: Project | str | Path) -> Project:
    return project if isinstance(project, Project) else load_project(project)


def dataset_config(project: Project, name: str) -> Dataset:
    """The dataset ``name`` of qatron.yml; an unknown name is a ConfigError with a hint."""
    return project.config.datasets[_choose(name, project.config.datasets, "dataset",
                                           project.path)]


def dataset_source(project: Project, name: str, dataset: Dataset,
                   url: str | None = None) -> DataSource:
    """Where the dataset's rows are, paths resolved against the project folder."""
    key = f"datasets.{name}"
    if dataset.path is not None:
        if url is not None:
            raise config_error(project, (key, "path"), "a file dataset; url= only replaces "
                               "the 'url' of a database dataset")
        return DataSource(key, path=project.root / dataset.path)
    url = url or dataset.url or ""
    placeholder = run_placeholder(url)
    if placeholder:
        raise config_error(project, (key, "url"), f"a URL; {placeholder} is filled in when "
                           f"the environment's services run: validate within a run, or pass "
                           f"the filled-in URL")
    if url.startswith("sqlite"):
        url = sqlite_url(url, project.root)
    return DataSource(key, url=url, table=dataset.table)


def run_placeholder(url: str | None) -> str | None:
    """The first ``{service.url}`` placeholder in ``url``, which only a run fills in."""
    found = _PLACEHOLDER.search(url or "")
    return found.group() if found else None


def config_error(project: Project, loc: tuple[str, ...], expected: str) -> ConfigError:
    """A ConfigError naming qatron.yml's line of ``loc`` (``datasets.users.path``)."""
    parts = tuple(part for dotted in loc for part in dotted.split("."))
    try:
        root = yaml.compose(project.path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        root = None
    return ConfigError(_format(project.path, root, parts, f"expected {expected}"))


def _specs(expectations: Expectations, key: str) -> list[ExpectationSpec]:
    if isinstance(expectations, str | Path):
        return load_expectations(Path(expectations), f"{key}.expectations")
    items = list(expectations)
    specs = [item for item in items if isinstance(item, ExpectationSpec)]
    if len(specs) == len(items):
        return specs
    return parse_expectations(items, key)


def _run_gx(source: DataSource, frame: pd.DataFrame | None, expectations: list[Any]
            ) -> list[Any]:
    """Run the expectations in a fresh ephemeral context; their results, in their order."""
    gx = import_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from sqlalchemy.exc import SQLAlchemyError

    with _GX_LOCK:
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False,
                                                             metric_calculations=False)
        suite = context.suites.add(gx.ExpectationSuite(name="qatron"))
        added = [suite.add_expectation(expectation) for expectation in expectations]
        try:
            result = _validate(gx, context, source, frame, suite)
        except (gx.exceptions.GreatExpectationsError, SQLAlchemyError) as exc:
            raise DatasetError(f"{source.key}: Great Expectations could not read "
                               f"{source.display} ({first_line(exc)})") from None
    by_id = {item.expectation_config.id: item for item in result.results}
    return [by_id[expectation.id] for expectation in added]


def _validate(gx: Any, context: Any, source: DataSource, frame: pd.DataFrame | None,
              suite: Any) -> Any:
    datasource = _datasource(context, source)
    try:
        if frame is not None:
            batch = datasource.add_dataframe_asset(name="data") \
                .add_batch_definition_whole_dataframe("all")
        else:
            schema, table = split_table(source.table or "")
            where = {"schema_name": schema} if schema else {}  # GX warns on any schema_name
            batch = datasource.add_table_asset(name="data", table_name=table, **where) \
                .add_batch_definition_whole_table("all")
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name="qatron", data=batch, suite=suite))
        return definition.run(batch_parameters={"dataframe": frame}
                              if frame is not None else None, result_format="BASIC")
    finally:
        if frame is None:
            datasource.get_engine().dispose()


def import_gx() -> Any:
    """``great_expectations``, imported with analytics off (no network here)."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    import great_expectations
    import great_expectations.exceptions  # noqa: F401 - gx.exceptions, used above

    return great_expectations


def _datasource(context: Any, source: DataSource) -> Any:
    sources = context.data_sources
    if source.url is None:
        return sources.add_pandas("qatron")
    if source.is_sqlite:
        return sources.add_sqlite("qatron", connection_string=source.url)
    if source.url.startswith("postgresql"):
        return sources.add_postgres("qatron", connection_string=source.url)
    return sources.add_sql("qatron", connection_string=source.url)


def _outcome(spec: ExpectationSpec, result: Any) -> ExpectationOutcome:
    details = result.result or {}
    exception = _exception_text(result.exception_info or {})
    percent = details.get("unexpected_percent")
    return ExpectationOutcome(
        expectation=spec.name,
        kwargs=json_safe(spec.kwargs),
        success=bool(result.success) and exception is None,
        unexpected_count=details.get("unexpected_count"),
        unexpected_percent=None if percent is None else round(float(percent), 4),
        sample=_distinct(details.get("partial_unexpected_list") or []),
        observed_value=json_safe(details.get("observed_value")),
        exception=exception,
    )


def _distinct(values: list[Any]) -> list[Any]:
    """The first SAMPLE_SIZE distinct values, JSON-safe."""
    seen: dict[str, Any] = {}
    for value in json_safe(values):
        seen.setdefault(json.dumps(value, sort_keys=True), value)
        if len(seen) == SAMPLE_SIZE:
            break
    return list(seen.values())


def _exception_text(info: Mapping[str, Any]) -> str | None:
    """The message of an exception GX caught, in either of its two layouts."""
    found = [info] if "raised_exception" in info else \
        [item for item in info.values() if isinstance(item, Mapping)]
    for item in found:
        if item.get("raised_exception"):
            message = str(item.get("exception_message") or "unknown error").strip()
            return message.removeprefix("Error: ")
    return None
