"""Lines changed between two commits, for defect density: ``git diff --shortstat``.

    >>> changed_lines(Path("."), "4f1c2e0", "9ab3d77")
    ChangedLines(lines=1840, reason='', base='4f1c2e0', head='9ab3d77')

``lines`` is None when it cannot be known; ``reason`` then says why (not a git
checkout, a commit not recorded or not in the repository, git missing).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ChangedLines", "changed_lines"]

_NUMBER = re.compile(r"(\d+) (?:insertion|deletion)")
_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
_TIMEOUT = 30.0


@dataclass(frozen=True)
class ChangedLines:
    """Inserted plus deleted lines from ``base`` to ``head``, or None and why not."""

    lines: int | None
    reason: str = ""
    base: str | None = None
    head: str | None = None


def changed_lines(folder: Path | None, base: str | None, head: str | None) -> ChangedLines:
    """The lines changed from commit ``base`` to ``head`` in the git checkout ``folder``."""
    if folder is None:
        return ChangedLines(None, "no project folder to read the git history from")
    if not base or not head:
        return ChangedLines(None, "the runs recorded no commit (run from a git checkout "
                                  "to measure defect density)", base, head)
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside is None or inside.strip() != "true":
        return ChangedLines(None, f"{folder} is not a git checkout", base, head)
    stat = _git(folder, "diff", "--shortstat", base, head)
    if stat is None:
        return ChangedLines(None, f"git cannot compare the runs' commits {base[:12]} and "
                                  f"{head[:12]} (fetch them into {folder})", base, head)
    return ChangedLines(sum(int(n) for n in _NUMBER.findall(stat)), "", base, head)


def _git(folder: Path, *args: str) -> str | None:
    """git's standard output, or None if git is missing or fails."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, env={**os.environ, **_ENV}, check=False,
                              timeout=_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
