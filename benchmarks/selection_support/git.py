"""The few git operations the selection benchmarks need, on throwaway repositories."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV},
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"git {' '.join(args)} failed in {repo}: {done.stderr.strip()}")
    return done.stdout


def init(repo: Path, message: str) -> None:
    """Make ``repo`` a git repository whose one commit holds everything in it."""
    git(repo, "init", "-q", "-b", "main")
    commit(repo, message)


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


def restore(repo: Path) -> None:
    """Put the working tree back to HEAD: revert edits, delete untracked files."""
    git(repo, "checkout", "-q", "--", ".")
    git(repo, "clean", "-q", "-fdx", "-e", ".testmondata*")
