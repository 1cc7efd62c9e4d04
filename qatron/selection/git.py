"""What changed between two revisions, or between a revision and the working tree.

Plain ``git`` subprocesses (no GitPython), with options that make the output
independent of the user's git configuration::

    >>> [c.path for c in changed_files(Path("."), "origin/main")]   # working tree
    ['src/payment/processor.py', 'tests/test_processor.py']
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from qatron.errors import ConfigError
from qatron.selection.patch import FilePatch, parse_patch

Status = Literal["added", "modified", "deleted", "renamed", "copied", "type_changed"]
_STATUS: dict[str, Status] = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed",
                              "C": "copied", "T": "type_changed", "U": "modified"}
_CONFIG = ("-c", "core.quotePath=false", "-c", "diff.noprefix=false",
           "-c", "diff.mnemonicPrefix=false", "-c", "diff.relative=false")
_DIFF = ("diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", "--ignore-submodules")
_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


@dataclass
class ChangedFile:
    """One changed file; line numbers are those of the BASE version.

    ``old_lines``: base lines changed or deleted; ``insertion_points``: base
    lines after which lines were inserted (0 = at the top); ``new_lines``:
    head lines added or changed; ``no_op``: why the change cannot affect any test
    (comments, formatting…), if it cannot.
    """

    path: str
    status: Status
    old_path: str | None = None
    binary: bool = False
    old_lines: set[int] = field(default_factory=set)
    insertion_points: set[int] = field(default_factory=set)
    new_lines: set[int] = field(default_factory=set)
    no_op: str | None = None

    def to_json(self) -> dict[str, object]:
        """Line sets as ``[first, last]`` ranges; ``no_op`` only if the change is one."""
        found: dict[str, object] = {
            "path": self.path, "status": self.status, "old_path": self.old_path,
            "binary": self.binary, "old_lines": _ranges(self.old_lines),
            "insertion_points": sorted(self.insertion_points)}
        if self.no_op is not None:
            found["no_op"] = self.no_op
        return found


def git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``git -C repo args`` and return the completed process (never raises on status)."""
    try:
        return subprocess.run(["git", "-C", str(repo), *_CONFIG, *args], input=stdin,
                              capture_output=True, env={**os.environ, **_ENV}, check=False)
    except FileNotFoundError:
        raise ConfigError("git is not installed (or not on PATH); change-based selection "
                          "needs it") from None


def git_out(repo: Path, *args: str) -> bytes:
    """``git args``'s standard output; a ConfigError quoting git's message if it fails."""
    done = git(repo, *args)
    if done.returncode:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise ConfigError(f"`git {' '.join(args)}` failed in {repo}: {message}")
    return done.stdout


def toplevel(folder: Path) -> Path:
    """The root of the git repository holding ``folder``."""
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such folder")
    done = git(folder, "rev-parse", "--show-toplevel")
    if done.returncode:
        raise ConfigError(
            f"{folder} is not in a git repository: change-based selection compares "
            f"revisions. Run it inside a clone of the application's repository "
            f"(or `git init` there), or select all tests.")
    return Path(done.stdout.decode().strip())


def resolve(repo: Path, revision: str) -> str:
    """The commit id ``revision`` names; a ConfigError that says what to do if none."""
    done = git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options",
               f"{revision}^{{commit}}")
    if done.returncode == 0:
        return done.stdout.decode().strip()
    shallow = git(repo, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
    if shallow:
        raise ConfigError(
            f"revision {revision!r} is not in {repo}, a shallow clone: fetch more history "
            f"(`git fetch --deepen=200`, or `git fetch --unshallow`) and try again.")
    raise ConfigError(
        f"unknown revision {revision!r} in {repo}: not a branch, tag or commit there. "
        f"Check it with `git log --oneline`, or fetch it first (`git fetch origin`).")


def changed_files(repo: Path, base: str, head: str | None = None) -> list[ChangedFile]:
    """Files changed from ``base`` to ``head`` (None: the working tree, untracked included)."""
    root = toplevel(Path(repo))
    revisions = [resolve(root, base)] + ([resolve(root, head)] if head is not None else [])
    names = git_out(root, *_DIFF, "--name-status", "-z", *revisions, "--")
    patches = parse_patch(git_out(root, *_DIFF, "-U0", *revisions, "--"))
    changes = [_changed(status, path, old, patches) for status, path, old in _statuses(names)]
    if head is None:
        changes += [_untracked(root, path) for path in untracked(root)]
    return sorted(changes, key=lambda change: change.path)


def untracked(root: Path) -> list[str]:
    """Untracked files git does not ignore, relative to ``root``."""
    out = git_out(root, "ls-files", "-z", "--others", "--exclude-standard", "--full-name")
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def read_blobs(repo: Path, specs: list[str]) -> dict[str, bytes | None]:
    """Contents of ``rev:path`` (or blob id) specs, in one ``git cat-file --batch``."""
    if not specs:
        return {}
    plain = [spec for spec in specs if "\n" not in spec]
    out = git_out_stdin(repo, "\n".join(plain).encode() + b"\n", "cat-file", "--batch")
    found: dict[str, bytes | None] = {spec: None for spec in specs}
    offset = 0
    for spec in plain:
        end = out.index(b"\n", offset)
        header = out[offset:end].split(b" ")
        offset = end + 1
        if len(header) == 3 and header[1] in (b"blob", b"commit", b"tree", b"tag"):
            size = int(header[2])
            found[spec] = out[offset:offset + size] if header[1] == b"blob" else None
            offset += size + 1
    return found


def git_out_stdin(repo: Path, stdin: bytes, *args: str) -> bytes:
    """:func:`git_out` with ``stdin`` fed to git."""
    done = git(repo, *args, stdin=stdin)
    if done.returncode:
        raise ConfigError(f"`git {' '.join(args)}` failed in {repo}: "
                          f"{done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def _statuses(out: bytes) -> list[tuple[str, str, str | None]]:
    fields = [f.decode("utf-8", "surrogateescape") for f in out.split(b"\0")]
    result: list[tuple[str, str, str | None]] = []
    index = 0
    while index < len(fields) and fields[index]:
        code = fields[index][0]
        if code in "RC":
            result.append((code, fields[index + 2], fields[index + 1]))
            index += 3
        else:
            result.append((code, fields[index + 1], None))
            index += 2
    return result


def _changed(code: str, path: str, old: str | None, patches: dict[str, FilePatch]) -> ChangedFile:
    patch = patches.get(path) or (patches.get(old) if old else None) or FilePatch()
    return ChangedFile(path=path, status=_STATUS.get(code, "modified"), old_path=old,
                       binary=patch.binary, old_lines=patch.old_lines,
                       insertion_points=patch.insertion_points, new_lines=patch.new_lines)


def _untracked(root: Path, path: str) -> ChangedFile:
    try:
        with open(root / path, "rb") as handle:
            start = handle.read(8000)
    except OSError:
        start = b""
    return ChangedFile(path=path, status="added", binary=b"\0" in start, insertion_points={0})


def _ranges(lines: set[int]) -> list[list[int]]:
    """``{1, 2, 3, 7}`` → ``[[1, 3], [7, 7]]``."""
    ranges: list[list[int]] = []
    for line in sorted(lines):
        if ranges and ranges[-1][1] == line - 1:
            ranges[-1][1] = line
        else:
            ranges.append([line, line])
    return ranges
