"""Test data files under a project's ``data/`` folder, per environment.

``load_data_fixture("cards", "staging")`` reads the first of
``data/staging/cards.json|yml|yaml`` and ``data/cards.json|yml|yaml``.
``get_test_data("users.password", "staging")`` looks a dotted key up in
``data/staging/test_data.yml`` and then in ``data/test_data.yml``.

In a QAtron run whose environment has generated test data (the ``data`` key
of ``$QATRON_ENVIRONMENT_FILE``: ``{"version": …, "tables": {"users":
"/abs/users.csv"}, "rows": {…}}``), a name no data file has is a generated
table: ``load_data_fixture("users")`` is its rows as dicts, and
``get_test_data("users.0.email")`` reaches into them. ``env`` must then be
None or the run's environment.

The project directory is ``$QATRON_PROJECT_DIR`` if set, else the nearest
folder at or above the working directory that holds a ``qatron.yml``, else
the working directory.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR_ENV = "QATRON_PROJECT_DIR"
PROJECT_FILE = "qatron.yml"
DATA_DIR = "data"
EXTENSIONS = (".json", ".yml", ".yaml")
TEST_DATA = "test_data"
ENVIRONMENT_FILE_ENV = "QATRON_ENVIRONMENT_FILE"

_MISSING = object()


def project_dir() -> Path:
    """The project directory test data is read from (see the module docstring)."""
    configured = os.environ.get(PROJECT_DIR_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return cwd


def candidate_files(name: str, env: str | None = None) -> list[Path]:
    """Where ``name`` may live, most specific first."""
    data = project_dir() / DATA_DIR
    folders = [data / env, data] if env else [data]
    return [folder / f"{name}{ext}" for folder in folders for ext in EXTENSIONS]


def load_data_fixture(name: str, env: str | None = None) -> Any:
    """Parse the data file ``name`` for ``env`` (JSON or YAML); a fresh copy each call."""
    candidates = candidate_files(name, env)
    for path in candidates:
        if path.is_file():
            return _parse(path)
    table = generated_tables(env).get(name)
    if table is not None:
        return _read_table(table).to_pylist()
    raise FileNotFoundError(f"no data fixture {name!r}; tried: {_listing(candidates)}"
                            f"{_generated_hint(env)}")


def get_test_data(key: str, env: str | None = None) -> Any:
    """The value at dotted ``key`` (``"users.0.email"``) in the test-data files.

    The environment's file wins; a key it lacks is looked up in the shared one.
    """
    candidates = candidate_files(TEST_DATA, env)
    existing = [path for path in candidates if path.is_file()]
    for path in existing:
        value = _lookup(_parse(path), key)
        if value is not _MISSING:
            return value
    value = _generated_lookup(key, env)
    if value is not _MISSING:
        return value
    if not existing:
        raise FileNotFoundError(f"no test data file; tried: {_listing(candidates)}"
                                f"{_generated_hint(env)}")
    raise KeyError(f"test data key {key!r} not found in: {_listing(existing)}"
                   f"{_generated_hint(env)}")


def generated_tables(env: str | None = None) -> dict[str, Path]:
    """The run's generated tables (name → CSV/Parquet file); empty outside such a run."""
    described = os.environ.get(ENVIRONMENT_FILE_ENV)
    if not described:
        return {}
    path = Path(described)
    try:
        environment = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    data = environment.get("data") if isinstance(environment, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        return {}
    if env is not None and environment.get("name") not in (None, env):
        return {}
    return {str(name): path.parent / str(file) for name, file in data["tables"].items()}


def _generated_lookup(key: str, env: str | None) -> Any:
    """A dotted key into a generated table: ``users``, ``users.0``, ``users.0.email``."""
    name, _, rest = key.partition(".")
    path = generated_tables(env).get(name)
    if path is None:
        return _MISSING
    table = _read_table(path)
    index, _, inner = rest.partition(".")
    if not rest:
        return table.to_pylist()
    if not index.lstrip("-").isdigit() or not -table.num_rows <= int(index) < table.num_rows:
        return _MISSING
    row = table.slice(int(index) % table.num_rows, 1).to_pylist()[0]
    return _lookup(row, inner) if inner else row


def _read_table(path: Path) -> Any:
    """The generated table at ``path`` as a ``pyarrow.Table`` (cached while unchanged)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise FileNotFoundError(f"generated table file {path} is missing ({exc}); see "
                                f"{ENVIRONMENT_FILE_ENV}") from exc
    return _read_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _read_cached(path: Path, mtime_ns: int, size: int) -> Any:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path)
    import pyarrow.csv as pa_csv

    # unquoted empty fields are NULL, quoted ones ("") are empty strings, as QAtron writes them
    options = pa_csv.ConvertOptions(strings_can_be_null=True, quoted_strings_can_be_null=False)
    return pa_csv.read_csv(path, convert_options=options)


def _generated_hint(env: str | None) -> str:
    tables = generated_tables(env)
    return f"; generated tables: {', '.join(tables)}" if tables else ""


def _lookup(data: Any, key: str) -> Any:
    """Follow a dotted ``key`` through nested mappings and lists; ``_MISSING`` if absent."""
    value = data
    for part in key.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.lstrip("-").isdigit() and _in_range(value, part):
            value = value[int(part)]
        else:
            return _MISSING
    return value


def _in_range(items: list[Any], index: str) -> bool:
    return -len(items) <= int(index) < len(items)


def _parse(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    try:
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"cannot parse data file {path}: {exc}") from exc


def _listing(paths: list[Path]) -> str:
    return ", ".join(str(path) for path in paths)
