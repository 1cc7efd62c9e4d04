"""Projects built in Python: the model of ``qatron.yml``, validated the same way.

    >>> demo = build_project("demo", {"project": "demo", "suites": {"smoke": {"tags": ["smoke"]}}})
    >>> demo.suite("smoke").marker_expression()
    'smoke'

The data is what ``qatron.yml`` holds, as mappings (or the models of
:mod:`qatron.config`); a wrong value gives the message the file would give, without
its line. A run's flow reads the project from its folder, so :func:`write_config`
writes a project built in code there as ``qatron.yml`` before it runs, marked as
written by QAtron; a ``qatron.yml`` that says something else and lacks that mark is
never overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from qatron.config import CONFIG_NAME, Project, ProjectConfig, load_project, validate_config
from qatron.errors import ConfigError
from qatron.whole_files import write_whole

#: The first line of a qatron.yml written from a project built in Python.
WRITTEN_MARK = "# Written by QAtron from a project built in Python; each run rewrites it."


def build_project(root: str | Path, data: Mapping[str, Any]) -> Project:
    """The project in folder ``root`` whose configuration is ``data``; ConfigError names
    the key and what was expected, as for qatron.yml."""
    folder = Path(root).expanduser().resolve()
    config = validate_config(dict(data), Path(f"{folder} (built in Python)"), folder=folder)
    return Project(config, folder / CONFIG_NAME)


def config_data(config: ProjectConfig) -> dict[str, Any]:
    """The configuration as qatron.yml would write it: plain data, defaults left out."""
    return config.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def write_config(project: Project) -> Path:
    """Make ``qatron.yml`` in the project's folder hold its configuration (the file a
    run's flow reads); its path. Nothing is written when it already does."""
    path = project.root / CONFIG_NAME
    if _on_disk(path) == project.config:
        return path
    if path.exists() and not _written_by_qatron(path):
        raise ConfigError(
            f"{path} holds another configuration than the project to run (edited since it "
            f"was loaded?); load it again with qatron.load_project, or build the project in "
            f"a folder of its own")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(config_data(project.config), sort_keys=False, allow_unicode=True)
    write_whole(path, f"{WRITTEN_MARK}\n{text}")
    if _on_disk(path) != project.config:
        raise ConfigError(f"{path}: the configuration written does not read back the same; "
                          f"build the project from plain mappings and try again")
    return path


def _on_disk(path: Path) -> ProjectConfig | None:
    try:
        return load_project(path).config
    except ConfigError:
        return None


def _written_by_qatron(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as handle:
        return handle.readline().rstrip("\n") == WRITTEN_MARK
