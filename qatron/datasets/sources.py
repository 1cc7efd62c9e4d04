"""Where a dataset's rows are, and reading them: a CSV/Parquet file or a database table.

Problems with the data itself (a missing file, an unreachable database, a
missing table) raise DatasetError (exit code 5); a source that can never work
as configured (an unknown file type, a URL SQLAlchemy can't parse) raises
ConfigError. Messages name the qatron.yml key, the path or the URL with its
password hidden, and what to do.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from qatron.errors import ConfigError, DatasetError

if TYPE_CHECKING:
    import pandas as pd

_PARQUET = (".parquet", ".pq")
_CSV = (".csv", ".csv.gz", ".csv.bz2", ".csv.zip", ".csv.xz", ".csv.zst")
_CONNECT_TIMEOUT = 10
_LISTED_TABLES = 10


@dataclass(frozen=True)
class DataSource:
    """A CSV/Parquet ``path``, or a ``table`` at a SQLAlchemy ``url``.

    ``key`` is how messages name it (``datasets.users``, ``QatronDataset 'users'``).
    """

    key: str
    path: Path | None = None
    url: str | None = None
    table: str | None = None

    def __post_init__(self) -> None:
        if (self.path is None) == (self.url is None):
            raise ConfigError(f"{self.key}: give exactly one of 'path' (a CSV or Parquet "
                              f"file) or 'url' (a database, with 'table')")
        if self.url is not None and not self.table:
            raise ConfigError(f"{self.key}: 'url' needs 'table': the table to validate")

    @property
    def display(self) -> str:
        """The path, or the URL (password hidden) and table."""
        return str(self.path) if self.path is not None else f"{redact(self.url)} table {self.table}"

    @property
    def is_sqlite(self) -> bool:
        return self.url is not None and self.url.startswith("sqlite")


def file_format(path: Path, key: str) -> Literal["csv", "parquet"]:
    """``csv`` or ``parquet`` by the file name's extension."""
    name = path.name.lower()
    if name.endswith(_PARQUET):
        return "parquet"
    if name.endswith(_CSV):
        return "csv"
    raise ConfigError(f"{key}.path: {path}: expected a .csv or .parquet file; "
                      f"got {path.suffix or 'no extension'}")


def read_file(source: DataSource) -> tuple[pd.DataFrame, str]:
    """The file's rows as a DataFrame, and the sha256 of its bytes."""
    import pandas as pd

    path = source.path
    assert path is not None
    kind = file_format(path, source.key)
    if not path.is_file():
        raise DatasetError(f"{source.key}.path: {path}: no such file. Create it or fix the "
                           f"path{_refresh_hint(source.key)}.")
    try:
        digest = _sha256(path)
        frame = pd.read_parquet(path) if kind == "parquet" else pd.read_csv(path)
    except (OSError, ValueError, ImportError) as exc:  # pandas parser errors are ValueErrors
        raise DatasetError(f"{source.key}.path: {path}: not a readable {kind} file "
                           f"({first_line(exc)}). Regenerate or fix the file.") from None
    return frame, digest


def sqlite_url(url: str, root: Path) -> str:
    """``url`` with a relative SQLite database path made absolute against ``root``."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    database = parsed.database
    if not database or database == ":memory:" or Path(database).is_absolute():
        return url
    return parsed.set(database=str((root / database).resolve())).render_as_string(
        hide_password=False)


def check_table(source: DataSource) -> int:
    """Connect, check that the table exists and count its rows."""
    from sqlalchemy import create_engine, func, inspect, select
    from sqlalchemy import table as table_clause
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    assert source.url is not None and source.table is not None
    where = redact(source.url)
    _require_sqlite_file(source)
    try:
        engine = create_engine(source.url, connect_args=_connect_args(source.url))
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise ConfigError(f"{source.key}.url: {where}: not a usable SQLAlchemy URL "
                          f"({first_line(exc)})") from None
    schema, name = split_table(source.table)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            if not inspector.has_table(name, schema=schema):
                raise DatasetError(_missing_table(source, inspector.get_table_names(schema)))
            return int(connection.scalar(
                select(func.count()).select_from(table_clause(name, schema=schema))) or 0)
    except SQLAlchemyError as exc:
        raise DatasetError(f"{source.key}.url: cannot read {where} ({first_line(exc)}). "
                           f"Check that the database is up and the URL is right.") from None
    finally:
        engine.dispose()


def split_table(table: str) -> tuple[str | None, str]:
    """``schema.table`` into its schema (or None) and name."""
    schema, _, name = table.rpartition(".")
    return schema or None, name


def redact(url: str | None) -> str:
    """The URL with its password replaced by ``***``."""
    if url is None:
        return ""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _require_sqlite_file(source: DataSource) -> None:
    """A SQLite URL of a missing file would silently create an empty database."""
    if not source.is_sqlite:
        return
    from sqlalchemy.engine import make_url

    database = make_url(source.url or "").database
    if database and database != ":memory:" and not Path(database).is_file():
        raise DatasetError(f"{source.key}.url: {database}: no such SQLite database file. "
                           f"Create and load it, or fix the URL.")


def _missing_table(source: DataSource, tables: list[str]) -> str:
    listed = ", ".join(sorted(tables)[:_LISTED_TABLES]) or "none"
    more = f" and {len(tables) - _LISTED_TABLES} more" if len(tables) > _LISTED_TABLES else ""
    return (f"{source.key}.table: no table {source.table!r} at {redact(source.url)} "
            f"(tables there: {listed}{more}). Load the data first, or fix 'table'.")


def _refresh_hint(key: str) -> str:
    if not key.startswith("datasets."):
        return ""
    return (f"; if the dataset has 'generate', `qatron datasets refresh "
            f"{key.removeprefix('datasets.')}` writes it")


def _connect_args(url: str) -> dict[str, int]:
    return {"connect_timeout": _CONNECT_TIMEOUT} if url.startswith("postgresql") else {}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)  # the DBAPI error inside SQLAlchemy's
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
