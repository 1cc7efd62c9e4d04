"""The head side of a comparison: the working tree, or the tree of a commit.

Both list the files under some folders and read them; each file also has a
cache key that changes whenever its content may have (size and mtime on
disk, the blob id in a commit), so parsed facts can be reused.
"""

from __future__ import annotations

import os
from pathlib import Path

from qatron.selection.git import git_out, read_blobs, resolve

_TOOL_FOLDERS = frozenset({"__pycache__", "site-packages", "node_modules", "venv"})


class Snapshot:
    """Files of the repository at ``root`` as of ``revision`` (None: the working tree)."""

    def __init__(self, root: Path, revision: str | None = None) -> None:
        self.root = root
        self.revision = resolve(root, revision) if revision is not None else None
        self._keys: dict[str, object] | None = None
        self._scope: tuple[str, ...] = ()

    def files(self, folders: list[str]) -> dict[str, object]:
        """Repository-relative path → cache key of every file under ``folders``."""
        scope = tuple(sorted(set(folders)))
        if self._keys is None or scope != self._scope:
            self._scope = scope
            self._keys = self._tree(scope) if self.revision else self._worktree(scope)
        return self._keys

    def read(self, paths: list[str]) -> dict[str, bytes | None]:
        """The content of each path (None if it can't be read)."""
        if self.revision is None:
            return {path: _read_file(self.root / path) for path in paths}
        keys = self.files(list(self._scope))
        blobs = read_blobs(self.root, [str(keys.get(p) or f"{self.revision}:{p}") for p in paths])
        return {path: blobs[str(keys.get(path) or f"{self.revision}:{path}")] for path in paths}

    def _worktree(self, scope: tuple[str, ...]) -> dict[str, object]:
        out = git_out(self.root, "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                      "--full-name", "--", *(_pathspec(folder) for folder in scope))
        keys: dict[str, object] = {}
        for raw in out.split(b"\0"):
            path = raw.decode("utf-8", "surrogateescape")
            if raw and not excluded(path):
                try:
                    info = os.stat(self.root / path)
                except OSError:  # deleted in the working tree
                    continue
                keys[path] = (info.st_mtime_ns, info.st_size)
        return keys

    def _tree(self, scope: tuple[str, ...]) -> dict[str, object]:
        out = git_out(self.root, "ls-tree", "-r", "-z", "--full-tree", str(self.revision), "--",
                      *(_pathspec(folder) for folder in scope))
        keys: dict[str, object] = {}
        for entry in out.split(b"\0"):
            meta, _, raw = entry.partition(b"\t")
            parts = meta.split(b" ")
            path = raw.decode("utf-8", "surrogateescape")
            if raw and len(parts) == 3 and parts[1] == b"blob" and not excluded(path):
                keys[path] = parts[2].decode()
        return keys


def excluded(path: str) -> bool:
    """Whether ``path`` lies in a tool's or environment's folder, never the project's code."""
    return any(part.startswith(".") or part in _TOOL_FOLDERS for part in path.split("/")[:-1])


def _pathspec(folder: str) -> str:
    """A literal pathspec for a repository-relative folder ('' = everything)."""
    return f":(top,literal){folder}" if folder not in ("", ".") else ":(top)"


def _read_file(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
