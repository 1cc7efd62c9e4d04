"""Test data files under a project's ``data/`` folder, per environment.

``load_data_fixture("cards", "staging")`` reads the first of
``data/staging/cards.json|yml|yaml`` and ``data/cards.json|yml|yaml``.
``get_test_data("users.password", "staging")`` looks a dotted key up in
``data/staging/test_data.yml`` and then in ``data/test_data.yml``.

The project directory is ``$QATRON_PROJECT_DIR`` if set, else the nearest
folder at or above the working directory that holds a ``qatron.yml``, else
the working directory.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR_ENV = "QATRON_PROJECT_DIR"
PROJECT_FILE = "qatron.yml"
DATA_DIR = "data"
EXTENSIONS = (".json", ".yml", ".yaml")
TEST_DATA = "test_data"

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
    raise FileNotFoundError(f"no data fixture {name!r}; tried: {_listing(candidates)}")


def get_test_data(key: str, env: str | None = None) -> Any:
    """The value at dotted ``key`` (``"users.0.email"``) in the test-data files.

    The environment's file wins; a key it lacks is looked up in the shared one.
    """
    candidates = candidate_files(TEST_DATA, env)
    existing = [path for path in candidates if path.is_file()]
    if not existing:
        raise FileNotFoundError(f"no test data file; tried: {_listing(candidates)}")
    for path in existing:
        value = _lookup(_parse(path), key)
        if value is not _MISSING:
            return value
    raise KeyError(f"test data key {key!r} not found in: {_listing(existing)}")


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
