"""Code that runs inside the environment's services, out of the tests' sight.

Tests reach a service over the network, so neither the coverage map (it
records the test process only) nor the import graph links them to the
service's code. A change there selects every test, and says why.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from pathlib import Path

from qatron.config import Environment
from qatron.selection.model import SelectedTest, Selection

_MODULE = re.compile(r"(?:^|\s)-m\s+([A-Za-z_][\w.]*)")


def service_code(environment: Environment, project_root: Path, repo_root: Path) -> dict[str, str]:
    """Folder (relative to ``repo_root``, '/'-separated) → the service whose code it holds.

    ``python -m pkg.module`` makes the top package ``pkg`` service code; a
    ``path/to/script.py`` argument makes the script's folder service code.
    """
    folders: dict[str, str] = {}
    for name, service in environment.services.items():
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


def widen_for_services(selection: Selection, folders: dict[str, str],
                       all_tests: list[str]) -> Selection:
    """Every test, when a changed file is code of a service; else ``selection`` unchanged."""
    hits = [(change.path, folders[folder]) for change in selection.changed
            for folder in folders if _inside(change.path, folder)]
    if not hits:
        return selection
    path, service = hits[0]
    reason = (f"{path} is code of the environment's service {service!r}, which tests reach "
              f"over the network; ran every test")
    kept = {test.nodeid: test for test in selection.selected}
    widened = [kept.get(nodeid) or SelectedTest(nodeid=nodeid) for nodeid in all_tests]
    for test in widened:
        test.reasons.append(reason)
    return Selection(selected=widened, skipped=0, total=len(all_tests),
                     fallbacks=[*selection.fallbacks, reason], changed=selection.changed,
                     base=selection.base, head=selection.head)


def _inside(path: str, folder: str) -> bool:
    return folder == "" or path == folder or path.startswith(posixpath.join(folder, ""))
