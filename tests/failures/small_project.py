"""A small project written to a folder and run by pytest itself, for failure analysis to
read the JUnit XML pytest writes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple

from qatron.failures import Analyser, Failure
from qatron.failures.model import read_failures

#: A small project's conftest serving a partner: ``partner_conftest(HANDLER)`` where
#: HANDLER defines ``class Partner(BaseHTTPRequestHandler)``'s methods; the session fixture
#: ``partner`` gives its base URL on a free port of 127.0.0.1.
_PARTNER_CONFTEST = """
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Partner(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        return None
{handler}

@pytest.fixture(scope="session")
def partner():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Partner)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{{server.server_address[1]}}"
    server.shutdown()
"""


def partner_conftest(handler: str) -> str:
    """A conftest whose session fixture ``partner`` serves ``handler``'s methods (source
    indented as methods of the ``Partner`` request handler; ``time`` is imported)."""
    return _PARTNER_CONFTEST.format(handler=textwrap.indent(textwrap.dedent(handler), "    "))


def pytest_failures(project: Path, files: dict[str, str], path: tuple[str, ...] = (),
                    options: tuple[str, ...] = ("tests",)) -> dict[str, Failure]:
    """Write ``files`` (path → source, dedented) under ``project``, run pytest on its
    ``tests`` folder (collection errors do not stop it) and return its failures by test
    name, or by module for a module that failed to import. ``path``: folders of
    ``project`` put on the import path after it (an install target, say); ``options``:
    pytest's arguments after the project's own (what to run, ``tests``)."""
    for name, source in files.items():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(source))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:locust",
               "-p", "no:qatron", "--continue-on-collection-errors", "--rootdir", str(project),
               "--junitxml=out.xml", *options]
    subprocess.run(command, cwd=project, capture_output=True, check=False, timeout=120,
                   env={"PYTHONPATH": ":".join([str(project), *(str(project / p) for p in path)]),
                        "PATH": "/usr/bin:/bin"})
    return {failure.name or failure.classname: failure
            for failure in read_failures(project / "out.xml")}


class Analysed(NamedTuple):
    """What the analysis said of one failure."""

    category: str
    cluster: str
    evidence: str


def analysed_project(project: Path, files: dict[str, str], path: tuple[str, ...] = (),
                     options: tuple[str, ...] = ("tests",)) -> dict[str, Analysed]:
    """:func:`pytest_failures`'s failures analysed together, by the same keys."""
    failures = pytest_failures(project, files, path, options)
    verdicts = Analyser().analyse(failures.values()).failures
    return {key: Analysed(verdict.category, verdict.cluster, verdict.evidence)
            for key, verdict in zip(failures, verdicts, strict=True)}
