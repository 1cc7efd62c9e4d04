"""Code that runs inside the environment's services, out of the tests' sight.

Tests reach a service over the network, so neither the coverage map (it
records the test process only) nor the import graph links them to the
service's code. A change there selects every test, and says why.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qatron.config import Environment
    from qatron.selection.context import Context
    from qatron.selection.git import ChangedFile

_MODULE = re.compile(r"(?:^|\s)-m\s+([A-Za-z_][\w.]*)")


def service_code(environments: list[Environment], project_root: Path,
                 repo_root: Path) -> dict[str, str]:
    """Folder (relative to ``repo_root``, '/'-separated) → the service whose code it holds.

    ``python -m pkg.module`` makes the top package ``pkg`` service code; a
    ``path/to/script.py`` argument makes the script's folder service code.
    """
    folders: dict[str, str] = {}
    services = [(name, spec) for environment in environments
                for name, spec in environment.services.items() if spec.type == "process"]
    for name, service in services:
        cwd = (project_root / service.cwd).resolve()
        for folder in _entry_folders(service.command, cwd):
            try:
                relative = folder.resolve().relative_to(repo_root.resolve()).as_posix()
            except ValueError:
                continue
            folders.setdefault("" if relative == "." else relative, name)
    return folders


def _entry_folders(command: str, cwd: Path) -> list[Path]:
    found = [cwd / match.split(".")[0] for match in _MODULE.findall(command)]
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    found += [(cwd / word).parent for word in words if word.endswith(".py")]
    return found


def service_changes(ctx: Context, changes: list[ChangedFile], folders: Mapping[str, str]) -> None:
    """Select everything when a changed file is code of one of the environment's services."""
    for change in changes:
        for path in filter(None, (change.path, change.old_path)):
            service = next((name for folder, name in folders.items() if _inside(path, folder)),
                           None)
            if service is not None:
                reason = (f"{path} is code of the environment's service {service!r}, which "
                          f"tests reach over the network")
                ctx.run_everything(reason, f"{reason}; selected every test")
                return


def _inside(path: str, folder: str) -> bool:
    return folder == "" or path == folder or path.startswith(posixpath.join(folder, ""))
