"""Tests of change-based selection; :class:`Repo` makes real git repositories for them."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

from qatron.selection.coverage_map import CoverageMap, FileCoverage, content_hash

GIT_ENV = {
    "GIT_AUTHOR_NAME": "QAtron Tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "QAtron Tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


class Repo:
    """A git repository in a temporary folder, driven by the real ``git``."""

    def __init__(self, root: Path, files: dict[str, str] | None = None) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("-c", "init.defaultBranch=main", "init", "-q")
        self.git("config", "user.name", "QAtron Tests")
        self.git("config", "user.email", "tests@example.invalid")
        if files:
            self.write(files)
            self.commit("base")

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, env={**os.environ, **GIT_ENV},
                              capture_output=True, text=True)
        if done.returncode:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def write(self, files: dict[str, str]) -> None:
        """Write files (dedented); a None content deletes the file."""
        for relative, content in files.items():
            path = self.root / relative
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(content), encoding="utf-8")

    def commit(self, message: str, files: dict[str, str] | None = None) -> str:
        """Commit everything (after writing ``files``); return the commit id."""
        if files:
            self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")


def coverage_of(repo: Repo, path: str, lines: dict[int, set[str]], run_id: int = 7,
                tests: set[str] | None = None) -> CoverageMap:
    """A coverage map recording ``lines`` of ``path`` at its current (base) content."""
    data = (repo.root / path).read_bytes()
    recorded = FileCoverage(content_hash(data), {n: frozenset(t) for n, t in lines.items()})
    everyone = tests if tests is not None else {t for found in lines.values() for t in found}
    return CoverageMap(files={path: recorded}, tests=set(everyone), run_id=run_id)
