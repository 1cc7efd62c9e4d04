"""The real open-source projects the selection benchmark runs on, taken from PyPI as sdists.

Each is chosen for its shape (how its tests reach its code), ships its tests in
its sdist and runs them with pytest alone (and what QAtron's .venv has). jinja2
and marshmallow are kept out: they serve an independent check.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from selection_support import git

GITIGNORE = "__pycache__/\n*.py[cod]\n.coverage*\n.testmondata*\n"


@dataclass(frozen=True)
class Project:
    """A project: its sdist, its shape, its code and how its suite is run."""

    name: str
    version: str
    shape: str
    package: str  # the code's folder, relative to the sdist's root
    suite: tuple[str, ...] = ("tests",)  # pytest's arguments naming the suite
    env: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    def modules(self, root: Path) -> list[str]:
        """The modules mutations and harmless edits are placed in (no ``__init__``)."""
        return sorted(p.relative_to(root).as_posix() for p in (root / self.package).rglob("*.py")
                      if p.name != "__init__.py")


PROJECTS = {project.name: project for project in [
    Project("boltons", "26.2.0", "loosely coupled utility collection (30 modules); doctests "
            "collected as tox.ini runs them", "boltons", ("--doctest-modules", "boltons",
                                                            "tests")),
    Project("sqlparse", "0.6.1", "tightly coupled: a SQL parser whose tests almost all go "
            "through its lexer, grouping engine and filters", "sqlparse"),
    Project("mistune", "3.4.0", "src/ layout with ruff, mypy, pytest and coverage settings in "
            "pyproject.toml (pythonpath = src): a Markdown parser", "src/mistune"),
    Project("cachetools", "8.0.2", "its own name is installed in QAtron's .venv (7.3.2 there); "
            "src/ layout, the checkout put first with PYTHONPATH=src", "src/cachetools",
            env={"PYTHONPATH": "src"}),
]}


def pip_command() -> list[str]:
    """pip, for ``pip download``: this interpreter's if it has one, else the one on PATH."""
    has_pip = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True)
    if has_pip.returncode == 0:
        return [sys.executable, "-m", "pip"]
    pip = shutil.which("pip3") or shutil.which("pip")
    if pip is None:
        raise SystemExit("no pip to download the projects with")
    return [pip]


def fetch(project: Project, work: Path) -> Path:
    """The sdist from PyPI, unpacked and made a git repository (the base commit)."""
    downloads = work / "downloads"
    done = subprocess.run([*pip_command(), "download", "--no-binary", ":all:", "--no-deps",
                           "-q", f"{project.name}=={project.version}", "-d", str(downloads)],
                          capture_output=True, text=True)
    archives = list(downloads.glob(f"{project.name}-{project.version}.tar.gz"))
    if not archives:
        raise SystemExit(f"pip download {project.name}=={project.version} failed:\n"
                         f"{done.stderr[-2000:]}")
    with tarfile.open(archives[0]) as tar:
        tar.extractall(work, filter="data")
    root = work / f"{project.name}-{project.version}"
    (root / ".gitignore").write_text(GITIGNORE)
    git.init(root, f"{project.label} sdist")
    return root
