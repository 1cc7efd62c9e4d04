"""Load generated tables into a database through SQLAlchemy, in one transaction.

Missing tables are created (a primary key on ``id``, unique constraints, and
foreign keys for references to a unique column); rows go in with COPY on
PostgreSQL, one ``executemany`` on SQLite and SQLAlchemy inserts elsewhere.
"""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    make_url,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.types import TypeEngine

from qatron.errors import ConfigError, InfrastructureError
from qatron.testdata import schema as s
from qatron.testdata.generation import GeneratedData

BATCH_ROWS = 100_000
_ZERO = {pa.bool_().id: False, pa.float64().id: 0.0}
_INT32 = 2**31


def load_into(data: GeneratedData, url: str, *, replace: bool = False) -> dict[str, int]:
    """Insert every table of ``data`` at the SQLAlchemy ``url``; return rows per table.

    ``replace`` drops the tables first; otherwise existing tables are appended to.
    """
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise ConfigError(f"{_shown(url)}: not a usable SQLAlchemy database URL ({exc}); "
                          f"e.g. sqlite:///data.db or postgresql+psycopg2://user@host/db") from None
    metadata = table_definitions(data)
    dbapi = getattr(engine.dialect, "loaded_dbapi", None)  # COPY raises the driver's errors
    failures = (SQLAlchemyError, dbapi.Error) if dbapi is not None else (SQLAlchemyError,)
    try:
        with engine.begin() as connection:
            if replace:
                metadata.drop_all(connection)
            metadata.create_all(connection)
            for name, table in data.arrow.items():
                _insert(connection, metadata.tables[name], table)
    except failures as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise InfrastructureError(f"cannot load test data into {_shown(url)}: {reason}") from exc
    finally:
        engine.dispose()
    return dict(data.rows)


def _shown(url: str) -> str:
    """The URL with its password masked (quoted as given if it does not parse)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def table_definitions(data: GeneratedData) -> MetaData:
    """SQLAlchemy tables for the generated data, in dependency order."""
    metadata = MetaData()
    for name in data.arrow:
        columns = [_column(data, name, column_name, column)
                   for column_name, column in data.schema.tables[name].columns.items()]
        Table(name, metadata, *columns)
    return metadata


def _column(data: GeneratedData, table: str, name: str, column: Any) -> Column[Any]:
    primary = name == s.PRIMARY_KEY
    extra: list[Any] = []
    if isinstance(column, s.RefColumn):
        parent_table, parent_column = column.target()
        parent = data.schema.tables[parent_table].columns[parent_column]
        if data.schema.is_unique(parent_column, parent):
            extra.append(ForeignKey(f"{parent_table}.{parent_column}"))
    return Column(name, _sql_type(data, table, name), *extra, primary_key=primary,
                  nullable=column.nullable > 0, unique=(column.unique and not primary) or None,
                  autoincrement=False)


def _sql_type(data: GeneratedData, table: str, name: str) -> TypeEngine[Any]:
    column = data.schema.tables[table].columns[name]
    if isinstance(column, s.RefColumn):
        return _sql_type(data, *column.target())
    if isinstance(column, s.UuidColumn):
        return String(36).with_variant(postgresql.UUID(as_uuid=False), "postgresql")
    if isinstance(column, s.IntColumn):
        return Integer() if _fits_int32(column.min, column.max) else BigInteger()
    if isinstance(column, s.SerialColumn):
        last = column.start + data.rows[table]
        return Integer() if _fits_int32(column.start, last) else BigInteger()
    if isinstance(column, s.EnumColumn):
        return _enum_type(column)
    simple: dict[type, TypeEngine[Any]] = {
        s.FloatColumn: Float(), s.BoolColumn: Boolean(), s.TimestampColumn: DateTime(),
        s.TextColumn: Text(), s.JsonColumn: Text().with_variant(postgresql.JSONB(), "postgresql"),
    }
    return simple.get(type(column), String(255))


def _fits_int32(low: int, high: int) -> bool:
    return -_INT32 <= low <= high < _INT32


def _enum_type(column: s.EnumColumn) -> TypeEngine[Any]:
    if all(isinstance(value, bool) for value in column.values):
        return Boolean()
    if all(isinstance(value, int) and not isinstance(value, bool) for value in column.values):
        return BigInteger()
    if all(isinstance(value, int | float) for value in column.values):
        return Float()
    return String(max(255, *(len(str(value)) for value in column.values)))


def _insert(connection: Connection, table: Table, data: pa.Table) -> None:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        _copy(connection, table, data)
    elif dialect == "sqlite":
        _executemany(connection, table, data)
    else:
        for batch in data.to_batches(BATCH_ROWS):
            if batch.num_rows:
                connection.execute(table.insert(), [dict(zip(batch.column_names, row,
                                                             strict=True))
                                                    for row in _rows(batch)])


def _copy(connection: Connection, table: Table, data: pa.Table) -> None:
    """PostgreSQL: ``COPY … FROM STDIN`` in CSV, a batch at a time."""
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in data.column_names)
    statement = f"COPY {quote(table.name)} ({names}) FROM STDIN WITH (FORMAT csv)"
    driver = connection.connection.dbapi_connection
    if driver is None:
        raise InfrastructureError(f"cannot load test data into {table.name}: the PostgreSQL "
                                  f"connection was closed; run again")
    cursor = driver.cursor()
    try:
        for batch in data.to_batches(BATCH_ROWS):
            buffer = io.BytesIO()
            pa_csv.write_csv(batch, buffer, pa_csv.WriteOptions(include_header=False))
            buffer.seek(0)
            cursor.copy_expert(statement, buffer)
    finally:
        cursor.close()


def _executemany(connection: Connection, table: Table, data: pa.Table) -> None:
    """SQLite: plain tuples through the driver's executemany (timestamps as text)."""
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in data.column_names)
    marks = ", ".join("?" for _ in data.column_names)
    statement = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
    for batch in data.to_batches(BATCH_ROWS):
        if batch.num_rows:
            connection.exec_driver_sql(statement, _rows(batch, timestamps_as_text=True))


def _rows(batch: pa.RecordBatch, *, timestamps_as_text: bool = False) -> list[tuple[Any, ...]]:
    """The batch as tuples of Python values (NULL as None), column by column through numpy:
    ten times faster than ``to_pylist``."""
    columns = []
    for column in batch.columns:
        if timestamps_as_text and pa.types.is_timestamp(column.type):
            column = column.cast(pa.string())
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            columns.append(column.to_numpy(zero_copy_only=False).tolist())
            continue
        values = column.fill_null(_ZERO.get(column.type.id, 0)) if column.null_count else column
        objects = values.to_numpy(zero_copy_only=False).astype(object)
        if column.null_count:
            objects[~column.is_valid().to_numpy(zero_copy_only=False)] = None
        columns.append(objects.tolist())
    return list(zip(*columns, strict=True))
