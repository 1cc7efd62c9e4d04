"""Generate a schema's tables deterministically, hash them and write them to files.

Every column draws from its own numpy ``Generator`` seeded by (seed, table,
column), so a column's values depend only on the seed, its own definition, its
row count and (for references) its parent's values: adding a column leaves the
others as they were.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from qatron.errors import ConfigError
from qatron.testdata.columns import make_column
from qatron.testdata.schema import DataSchema, RefColumn, load_schema

if TYPE_CHECKING:
    from qatron.config import Project, TestDataSpec

Format = Literal["csv", "parquet"]
FORMATS: tuple[Format, ...] = ("csv", "parquet")


@dataclass(frozen=True, eq=False)
class GeneratedData:
    """Generated tables (pandas, dependency order), their row counts and hashes.

    Treat the frames as read-only: :meth:`write` and ``load_into`` use the
    Arrow tables they were made from, which ``content_hash`` describes.
    """

    tables: dict[str, pd.DataFrame]
    rows: dict[str, int]
    content_hash: str
    schema_hash: str
    seed: int
    schema: DataSchema = field(repr=False)
    arrow: dict[str, pa.Table] = field(repr=False)

    def write(self, folder: str | Path, format: Format = "csv") -> dict[str, Path]:
        """Write ``<table>.csv`` or ``<table>.parquet`` per table into ``folder``."""
        if format not in FORMATS:
            raise ConfigError(f"format: expected one of {', '.join(FORMATS)}; got {format!r}")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        files = {}
        for name, table in self.arrow.items():
            path = folder / f"{name}.{format}"
            if format == "csv":
                pa_csv.write_csv(table, path)
            else:
                pq.write_table(table, path)
            files[name] = path
        return files


def generate(schema: DataSchema, rows: Mapping[str, int] | None = None,
             seed: int = 0) -> GeneratedData:
    """Generate every table of ``schema``: ``rows`` overrides the default row counts."""
    counts = schema.rows_for(rows)
    arrow: dict[str, pa.Table] = {}
    for table_name in schema.order:
        columns = {}
        for column_name, column in schema.tables[table_name].columns.items():
            parent = None
            if isinstance(column, RefColumn):
                parent_table, parent_column = column.target()
                parent = arrow[parent_table].column(parent_column).combine_chunks().drop_null()
            rng = np.random.default_rng([seed % 2**64, _key(table_name), _key(column_name)])
            columns[column_name] = make_column(column_name, column, counts[table_name], rng,
                                               parent)
        arrow[table_name] = pa.table(columns)
    return GeneratedData(
        tables={name: _frame(schema, name, table) for name, table in arrow.items()},
        rows={name: counts[name] for name in schema.order},
        content_hash=content_hash(arrow), schema_hash=schema.schema_hash, seed=seed,
        schema=schema, arrow=arrow)


def generate_from_spec(project: Project, spec: TestDataSpec) -> GeneratedData:
    """Generate what a ``data:``/``generate:`` entry of qatron.yml describes.

    The schema file is relative to the project folder.
    """
    return generate(load_schema(project.root / spec.schema_file), spec.rows, spec.seed)


def content_hash(tables: Mapping[str, pa.Table]) -> str:
    """sha256 over each table's name, row count and columns' canonical bytes (by name)."""
    columns = [(table_name, column_name, table.column(column_name))
               for table_name, table in sorted(tables.items())
               for column_name in table.column_names]
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        digests = list(pool.map(lambda item: _column_digest(item[2]), columns))
    total = hashlib.sha256()
    for (table_name, column_name, values), digest in zip(columns, digests, strict=True):
        total.update(f"{table_name}\0{column_name}\0{len(values)}\0".encode())
        total.update(digest)
    return total.hexdigest()


def _column_digest(values: pa.ChunkedArray) -> bytes:
    """sha256 of a column: kind, validity bits, then values (nulls as zero or '')."""
    array = values.combine_chunks()
    digest = hashlib.sha256()
    valid = array.is_valid().to_numpy(zero_copy_only=False)
    digest.update(np.packbits(valid).tobytes())
    kind = array.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        if array.null_count:
            array = pc.fill_null(array, "")
        width = "<i8" if pa.types.is_large_string(kind) else "<i4"
        offsets = np.frombuffer(array.buffers()[1], dtype=width)
        offsets = offsets[array.offset:array.offset + len(array) + 1]
        digest.update(b"str" + np.diff(offsets).astype("<i8").tobytes())
        if len(array) and offsets[-1] > offsets[0]:
            digest.update(memoryview(array.buffers()[2])[offsets[0]:offsets[-1]])
    elif pa.types.is_timestamp(kind):
        seconds = pc.fill_null(array.cast(pa.timestamp("s")).cast(pa.int64()), 0)
        digest.update(b"timestamp" + seconds.to_numpy().astype("<i8").tobytes())
    elif pa.types.is_boolean(kind):
        digest.update(b"bool" + pc.fill_null(array, False).to_numpy(zero_copy_only=False)
                      .astype(np.uint8).tobytes())
    elif pa.types.is_floating(kind):
        digest.update(b"float" + pc.fill_null(array, 0.0).to_numpy().astype("<f8").tobytes())
    elif pa.types.is_integer(kind):
        digest.update(b"int" + pc.fill_null(array, 0).to_numpy().astype("<i8").tobytes())
    else:  # all-NULL columns (type null) and anything new: their text form
        digest.update(str(kind).encode() + repr(array.to_pylist()).encode())
    return digest.digest()


def _frame(schema: DataSchema, name: str, table: pa.Table) -> pd.DataFrame:
    """A pandas view: strings as ``str``, nullable ints/bools as ``Int64``/``boolean``."""
    frame = table.to_pandas()  # one call: zero-copy strings, a few ms per table
    for column_name, values in zip(table.column_names, table.columns, strict=True):
        if values.type in _NULLABLE and schema.tables[name].columns[column_name].nullable:
            single = pa.table({column_name: values})
            frame[column_name] = single.to_pandas(types_mapper=_NULLABLE.get)[column_name]
    return frame


_NULLABLE = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def _key(name: str) -> int:
    """A stable 64-bit number for a name (a seed component; ``hash()`` is salted)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")
