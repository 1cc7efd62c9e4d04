"""The Python interpreter an application's tests run under.

    >>> python = Interpreter.of(project, "shop", application)
    >>> python.require(coverage=True)     # ConfigError when pytest or coverage.py is missing
    >>> argv = [str(python.path), "-m", "pytest", *python.plugin_args()]

``applications.<name>.python`` in qatron.yml names an interpreter or a virtualenv
folder (its ``bin/python``), relative to the project root (a bare name such as
``python3.12`` that is no file there is looked up on PATH); without it, the
application folder's ``.venv`` when it has a ``bin/python``, else QAtron's own
interpreter. QAtron's pytest plugin reaches that interpreter through
``PYTHONPATH``: :data:`PLUGIN_PATH` holds only the small package that loads the
plugin and the standard-library modules it uses, so nothing else of QAtron
(nor its dependencies) becomes importable by the tests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qatron.errors import ConfigError

if TYPE_CHECKING:
    from qatron.config import Application, Project

#: The one folder put on the test process's PYTHONPATH.
PLUGIN_PATH = Path(__file__).resolve().parent / "plugin_path"
#: ``-p`` arguments: QAtron's entry point (if that interpreter has QAtron) gives way to the
#: plugin loaded from PLUGIN_PATH, so every interpreter runs the same plugin once.
PLUGIN_ARGS = ("-p", "no:qatron", "-p", "qatron_plugin.pytest_plugin")
_PROBE = ("import importlib.util as u, json, sys; print(json.dumps({'version': "
          "'%d.%d.%d' % sys.version_info[:3], 'pytest': bool(u.find_spec('pytest')), "
          "'coverage': bool(u.find_spec('coverage')), "
          "'site': [p for p in sys.path if p.endswith('-packages')]}))")


@dataclass
class Interpreter:
    """An application's interpreter, where it came from, and what its probe found."""

    path: Path
    #: How it was chosen: "python: <value> in <file>", "<app>/.venv" or "QAtron's own".
    source: str
    #: Who to blame in errors: "<qatron.yml>: applications.<name>.python".
    key: str
    _found: dict[str, object] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, project: Project, name: str, application: Application) -> Interpreter:
        """The interpreter ``application`` (named ``name`` in ``project``) runs its tests with."""
        key = f"{project.path}: applications.{name}.python"
        if application.python:
            return cls(_configured(project.root, application.python), key=key,
                       source=f"python: {application.python}")
        venv = (project.root / application.path / ".venv" / "bin" / "python").absolute()
        if venv.exists():
            return cls(venv, key=key, source=f"{application.path.rstrip('/')}/.venv")
        return cls(Path(sys.executable), key=key, source="QAtron's own")

    @property
    def is_own(self) -> bool:
        return self.path == Path(sys.executable)

    def describe(self) -> str:
        """One line for the run's log: which interpreter, which version, where from."""
        version = self._probe().get("version", "?")
        return f"tests run with {self.path} (Python {version}, {self.source})"

    def require(self, coverage: bool = False) -> None:
        """Raise a ConfigError unless it runs and has pytest (and coverage.py, if asked)."""
        found = self._probe()
        missing = [m for m in ("pytest", "coverage") if not found[m] and (m == "pytest" or
                                                                            coverage)]
        if missing:
            need = " and ".join(missing)
            why = "" if missing == ["pytest"] else \
                " (the suite records coverage, has a coverage threshold or selects by change)"
            raise ConfigError(f"{self.key}: {self.path} has no {need}{why}: install it there "
                              f"({self.path} -m pip install {' '.join(missing)}), or set "
                              f"python: to an interpreter that has it")

    def site_packages(self) -> list[Path]:
        """The folders its packages are installed in (site-packages, dist-packages)."""
        found = self._probe().get("site")
        return [Path(str(p)) for p in found] if isinstance(found, list) else []

    def plugin_env(self, env: dict[str, str]) -> dict[str, str]:
        """``env`` with :data:`PLUGIN_PATH` first on PYTHONPATH."""
        rest = env.get("PYTHONPATH")
        return {**env, "PYTHONPATH": f"{PLUGIN_PATH}:{rest}" if rest else str(PLUGIN_PATH)}

    def _probe(self) -> dict[str, object]:
        if self._found is None:
            self._found = _probe(self.path, self.key)
        return self._found


def _configured(root: Path, value: str) -> Path:
    """An interpreter path, or a virtualenv folder's bin/python; relative to ``root``;
    a bare name that is no file there (``python3.12``) is looked up on PATH."""
    path = (root / Path(value).expanduser()).absolute()
    found = shutil.which(value) if "/" not in value and not path.exists() else None
    if found:
        return Path(found)
    return path / "bin" / "python" if path.is_dir() else path


_probed: dict[Path, dict[str, object]] = {}


def _probe(path: Path, key: str) -> dict[str, object]:
    """Run the interpreter once: its version and whether pytest and coverage.py import."""
    if path in _probed:
        return _probed[path]
    if not path.exists():
        raise ConfigError(f"{key}: {path} does not exist: give an interpreter or a "
                          f"virtualenv folder (its bin/python), relative to the project root")
    try:
        done = subprocess.run([str(path), "-c", _PROBE], capture_output=True, text=True,
                              timeout=60, check=False)
        found = json.loads(done.stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"{key}: {path} does not run as a Python interpreter: {exc}") from exc
    if not isinstance(found, dict):
        raise ConfigError(f"{key}: {path} does not run as a Python interpreter")
    if found.get("pytest") and found.get("coverage"):
        _probed[path] = found  # what is missing may be installed while QAtron runs
    return found
