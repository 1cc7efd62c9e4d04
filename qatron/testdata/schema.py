"""The test-data schema file: tables, their default row counts and typed columns.

Each column is a type in short form (``int:18..90``, ``enum:a,b``,
``ref:users.id``) or a mapping (``{type: int, min: 18, max: 90, nullable: 0.1}``;
``type`` may itself be a short form). Every error is a :class:`ConfigError`
naming the file, the line, the dotted key and what was expected.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from qatron.config import _yaml_problem
from qatron.errors import ConfigError
from qatron.testdata.schema_text import TYPES, Problem, describe, expand, format_error
from qatron.testdata.words import FIRST_NAMES, LAST_NAMES

IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]*$"
Identifier = Annotated[str, Field(pattern=IDENTIFIER)]
PRIMARY_KEY = "id"
_REF = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Column(_Model):
    nullable: float = Field(0.0, ge=0, le=1)
    unique: bool = False

    def capacity(self) -> float:
        """How many distinct values the column can take (``math.inf``: unbounded)."""
        return math.inf


class UuidColumn(_Column):
    type: Literal["uuid"]


class SerialColumn(_Column):
    """Consecutive integers from ``start``: always unique."""

    type: Literal["serial"]
    start: int = Field(1, ge=-(2**62), le=2**62)


class NameColumn(_Column):
    type: Literal["name"]

    def capacity(self) -> float:
        return len(FIRST_NAMES) * len(LAST_NAMES)


class EmailColumn(_Column):
    """``first.last<n>@<domain>``; unique ones embed the row number."""

    type: Literal["email"]


class TimestampColumn(_Column):
    """Whole seconds in ``[start, end)``, naive UTC."""

    type: Literal["timestamp"]
    start: datetime = datetime(2024, 1, 1)
    end: datetime = datetime(2025, 1, 1)

    def seconds(self) -> tuple[int, int]:
        return _epoch(self.start), _epoch(self.end)

    def capacity(self) -> float:
        low, high = self.seconds()
        return high - low


class IntColumn(_Column):
    type: Literal["int"]
    min: int = Field(0, ge=-(2**63), le=2**63 - 1)
    max: int = Field(1000, ge=-(2**63), le=2**63 - 1)

    def capacity(self) -> float:
        return self.max - self.min + 1


class FloatColumn(_Column):
    """Values on a grid of ``decimals`` decimal places within ``[min, max]``."""

    type: Literal["float"]
    min: float = Field(0.0, ge=-1e15, le=1e15)
    max: float = Field(1000.0, ge=-1e15, le=1e15)
    decimals: int = Field(2, ge=0, le=6)

    def grid(self) -> tuple[int, int]:
        """The range in units of 10**-decimals."""
        scale = 10**self.decimals
        return math.ceil(self.min * scale - 1e-9), math.floor(self.max * scale + 1e-9)

    def capacity(self) -> float:
        low, high = self.grid()
        return high - low + 1


class EnumColumn(_Column):
    type: Literal["enum"]
    values: list[str | int | float | bool] = Field(min_length=1)
    weights: list[float] | None = None

    def capacity(self) -> float:
        return len(set(self.values))


class BoolColumn(_Column):
    type: Literal["bool"]
    true_share: float = Field(0.5, ge=0, le=1)

    def capacity(self) -> float:
        return 2


class RefColumn(_Column):
    """Values of an existing ``table.column`` (referential integrity)."""

    type: Literal["ref"]
    to: str

    def target(self) -> tuple[str, str]:
        table, _, column = self.to.partition(".")
        return table, column


class JsonColumn(_Column):
    """A small JSON object as text: ``{"code": …, "last4": …, "score": …, "count": …}``."""

    type: Literal["json"]


class TextColumn(_Column):
    """Between ``min_words`` and ``max_words`` lorem-ipsum words."""

    type: Literal["text"]
    min_words: int = Field(3, ge=1, le=1000)
    max_words: int = Field(12, ge=1, le=1000)


Column = Annotated[
    UuidColumn | SerialColumn | NameColumn | EmailColumn | TimestampColumn | IntColumn
    | FloatColumn | EnumColumn | BoolColumn | RefColumn | JsonColumn | TextColumn,
    Field(discriminator="type"),
]
_NO_UNIQUE = ("json", "text")


class Table(_Model):
    rows: int = Field(100, ge=0)
    columns: dict[Identifier, Column]


class DataSchema(_Model):
    """A validated schema: ``tables`` in file order; :attr:`order` is dependency order."""

    tables: dict[Identifier, Table]
    _path: Path | None = PrivateAttr(None)
    _root: yaml.Node | None = PrivateAttr(None)
    _order: tuple[str, ...] = PrivateAttr(())

    @classmethod
    def from_mapping(cls, data: Any, path: Path | None = None,
                     root: yaml.Node | None = None) -> DataSchema:
        """Validate parsed YAML/JSON; errors name ``path`` (and lines, given ``root``)."""
        where = path or Path("<schema>")
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: expected a mapping with 'tables' at the top level")
        try:
            schema = cls.model_validate(expand(data))
        except ValidationError as exc:
            raise ConfigError(describe(exc, where, root)) from None
        except Problem as problem:
            raise ConfigError(format_error(where, root, problem.loc, problem.expected)) from None
        schema._path, schema._root = path, root
        schema._order = schema._checked_order()
        schema.check_rows(schema.default_rows())
        return schema

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def order(self) -> tuple[str, ...]:
        """Table names, each after the tables it refers to."""
        return self._order

    @property
    def schema_hash(self) -> str:
        """sha256 of the canonical (normalised, key-sorted) schema."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True,
                               separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def default_rows(self) -> dict[str, int]:
        return {name: table.rows for name, table in self.tables.items()}

    def error(self, loc: tuple[str, ...], expected: str) -> ConfigError:
        """A ConfigError for the schema key ``loc``: ``file:line: key: expected``."""
        return ConfigError(format_error(self._path or Path("<schema>"), self._root, loc, expected))

    def rows_for(self, rows: Mapping[str, int] | None) -> dict[str, int]:
        """Each table's row count: its default, overridden by ``rows``; checked."""
        rows = dict(rows or {})
        unknown = sorted(set(rows) - set(self.tables))
        if unknown:
            raise self.error(("tables",), f"expected row counts for declared tables only "
                                          f"({', '.join(self.tables)}); got "
                                          f"{', '.join(map(repr, unknown))}")
        for name, count in rows.items():
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise self.error(("tables", name, "rows"),
                                 f"expected a row count of 0 or more; got {count!r}")
        counts = {name: rows.get(name, table.rows) for name, table in self.tables.items()}
        self.check_rows(counts)
        return counts

    def check_rows(self, rows: Mapping[str, int]) -> None:
        """Raise ConfigError if a unique column or a reference can't be filled with ``rows``."""
        for table_name in self._order:
            for column_name, column in self.tables[table_name].columns.items():
                loc = ("tables", table_name, "columns", column_name)
                wanted = rows[table_name] - null_count(rows[table_name], column.nullable)
                if isinstance(column, RefColumn):
                    parent_table, parent_column = column.target()
                    parent = self.tables[parent_table].columns[parent_column]
                    available = rows[parent_table] - null_count(rows[parent_table], parent.nullable)
                    if wanted and not available:
                        raise self.error(loc, f"expected rows in {parent_table} to refer to; "
                                              f"got none for {wanted} references")
                    capacity: float = available
                else:
                    capacity = column.capacity()
                if self.is_unique(column_name, column) and wanted > capacity:
                    raise self.error(loc, f"expected at least {wanted} distinct values for "
                                          f"{wanted} unique rows; got {int(capacity)} possible "
                                          f"({_describe_column(column)})")

    @staticmethod
    def is_unique(name: str, column: _Column) -> bool:
        """``unique: true``, or the primary key column ``id``."""
        return column.unique or name == PRIMARY_KEY

    def _checked_order(self) -> tuple[str, ...]:
        for table_name, table in self.tables.items():
            for column_name, column in table.columns.items():
                self._check_column(("tables", table_name, "columns", column_name), column)
        order: list[str] = []
        visiting: list[str] = []

        def visit(name: str) -> None:
            if name in order:
                return
            if name in visiting:
                cycle = visiting[visiting.index(name):] + [name]
                raise self.error(_ref_loc(self, visiting[-1], name),
                                 f"expected references without a cycle; got "
                                 f"{' → '.join(cycle)}")
            visiting.append(name)
            for column in self.tables[name].columns.values():
                if isinstance(column, RefColumn):
                    visit(column.target()[0])
            visiting.pop()
            order.append(name)

        for name in self.tables:
            visit(name)
        return tuple(order)

    def _check_column(self, loc: tuple[str, ...], column: _Column) -> None:
        problem = _column_problem(self, loc[-1], column)
        if problem:
            raise self.error(loc, problem)


def load_schema(path: str | Path) -> DataSchema:
    """Read and validate a schema file; ConfigError naming file, line and key otherwise."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such schema file; create it or fix the 'schema' "
                          f"path that names it") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the schema file ({exc})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: {_yaml_problem(exc)}") from None
    return DataSchema.from_mapping(data, path, root)


def _column_problem(schema: DataSchema, name: str, column: _Column) -> str | None:
    """What is wrong with a column beyond its own fields (None if nothing)."""
    if column.unique and isinstance(column, JsonColumn | TextColumn):
        return f"expected unique only on {', '.join(t for t in TYPES if t not in _NO_UNIQUE)}" \
               f" columns; got unique: true on a {column.type} column"
    if name == PRIMARY_KEY and column.nullable:
        return f"expected nullable: 0 for the primary key column 'id'; got {column.nullable}"
    if isinstance(column, RefColumn):
        table, _, target = column.to.partition(".")
        if not _REF.match(column.to) or target not in schema.tables.get(table, _EMPTY).columns:
            return f"expected ref:<table>.<column> of a declared table; got 'ref:{column.to}'"
    if isinstance(column, IntColumn | FloatColumn) and column.min > column.max:
        return f"expected min <= max; got min={column.min}, max={column.max}"
    if isinstance(column, FloatColumn) and max(map(abs, column.grid())) >= 2**53:
        return (f"expected min and max within ±{2**53 / 10**column.decimals:.0f} for "
                f"{column.decimals} decimals; got {column.min}..{column.max}")
    if isinstance(column, FloatColumn) and column.capacity() < 1:
        return (f"expected a range holding a value with {column.decimals} decimals; got "
                f"{column.min}..{column.max}")
    if isinstance(column, TimestampColumn) and column.capacity() < 1:
        return f"expected start < end; got start={column.start}, end={column.end}"
    if isinstance(column, TextColumn) and column.min_words > column.max_words:
        return f"expected min_words <= max_words; got {column.min_words}..{column.max_words}"
    if isinstance(column, EnumColumn):
        return _enum_problem(column)
    return None


def _enum_problem(column: EnumColumn) -> str | None:
    kinds = {type(value) for value in column.values}
    if len(kinds) > 1 and kinds != {int, float}:
        return f"expected enum values of one type; got {column.values!r}"
    if column.weights is not None:
        if len(column.weights) != len(column.values):
            return (f"expected one weight per value ({len(column.values)}); got "
                    f"{len(column.weights)}")
        if any(weight < 0 for weight in column.weights) or sum(column.weights) <= 0:
            return f"expected weights of 0 or more with a positive sum; got {column.weights}"
    return None


_EMPTY = Table(columns={})


def _ref_loc(schema: DataSchema, table: str, target: str) -> tuple[str, ...]:
    """The location of the first column of ``table`` that refers to ``target``."""
    for name, column in schema.tables[table].columns.items():
        if isinstance(column, RefColumn) and column.target()[0] == target:
            return ("tables", table, "columns", name)
    return ("tables", table)


def _describe_column(column: _Column) -> str:
    if isinstance(column, IntColumn | FloatColumn):
        return f"{column.type}:{column.min}..{column.max}"
    if isinstance(column, TimestampColumn):
        return f"timestamp:{column.start}..{column.end}"
    if isinstance(column, EnumColumn):
        return "enum:" + ",".join(map(str, column.values))
    if isinstance(column, RefColumn):
        return f"ref:{column.to}"
    return getattr(column, "type", "column")


def null_count(rows: int, share: float) -> int:
    """How many of ``rows`` values are NULL for a ``nullable`` share (exact, rounded)."""
    return round(rows * share)


def _epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())
