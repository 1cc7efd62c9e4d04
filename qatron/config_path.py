"""Where a project's ``qatron.yml`` is, found without reading it.

``qatron.config`` re-exports both names; a command that only needs to know whether
there is a project imports them from here and leaves pydantic and YAML unloaded.
"""

from __future__ import annotations

from pathlib import Path

from qatron.errors import ConfigError

CONFIG_NAME = "qatron.yml"


def find_config(path: str | Path = ".") -> Path:
    """The qatron.yml at ``path``: a file, or a folder holding one."""
    candidate = Path(path).expanduser()
    if candidate.is_dir():
        candidate = candidate / CONFIG_NAME
    if not candidate.is_file():
        raise ConfigError(
            f"{candidate}: no such file. Give the project folder with --project, "
            f"or create one with `qatron init NAME`."
        )
    return candidate.resolve()
