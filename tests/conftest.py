"""Session-wide fixtures: real PostgreSQL and Prefect servers.

Each test is marked with the real parts it needs, and ``slow`` with them
(:mod:`tests.tiers`); ``make test-fast`` runs the others. In CI (``CI`` set) a
skipped test fails the session: every test that needs a real component must have run.
"""

from __future__ import annotations

import os
import signal
import tempfile
from pathlib import Path

import pytest

from tests.projects import alive, processes_with
from tests.tiers import mark_tests

_TEMP_BEFORE = pytest.StashKey[set[str]]()

# Every test talks to a real server that a fixture started; never let a stray
# client (e.g. a log or event flush at exit) start Prefect's ephemeral API.
os.environ["PREFECT_SERVER_ALLOW_EPHEMERAL_MODE"] = "false"
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

# The pytest processes the tests start (shards, collections, plain runs) leave out this
# virtualenv's development plugins that no test project uses: together they cost about
# 2.5 s of start-up per process (hypothesis alone 1.8 s). QAtron's plugin, pytest-bdd and
# pytest-timeout still load.
_UNUSED_PLUGINS = ("hypothesispytest", "anyio", "locust", "xdist", "xdist.looponfail",
                   "pytest-testmon", "pytest-split")
os.environ["PYTEST_ADDOPTS"] = " ".join(
    [os.environ.get("PYTEST_ADDOPTS", ""), *(f"-p no:{name}" for name in _UNUSED_PLUGINS)]
).strip()

# Started in the background (`make test &`, nohup), this process ignores SIGINT, and so would
# every process it starts: the tests that press Ctrl-C need it as a terminal delivers it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

pytest_plugins = ["tests.fixtures.postgres", "tests.fixtures.prefect_server", "tests.fixtures.s3",
                  "tests.fixtures.docker", "tests.fixtures.receiver"]


_TEMP_GLOBS = ("qatron-*",)


def _temp_entries() -> set[str]:
    return {str(p) for pattern in _TEMP_GLOBS for p in Path(tempfile.gettempdir()).glob(pattern)}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_tests(items)


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_TEMP_BEFORE] = _temp_entries()


def _leaks(session: pytest.Session) -> list[str]:
    """Processes and temporary folders the tests left behind (session fixtures are gone)."""
    base = str(session.config._tmp_path_factory.getbasetemp())  # type: ignore[attr-defined]
    found = [f"process {pid} ({_cmdline(pid)[:120]})" for pid in processes_with(base)]
    before = session.config.stash.get(_TEMP_BEFORE, set())
    found += [f"temporary folder {path}" for path in sorted(_temp_entries() - before)
              if Path(path).is_dir() and not _owned_by_another_session(Path(path))]
    return found


def _owned_by_another_session(folder: Path) -> bool:
    """A folder whose ``owner.pid`` names another live process (a concurrent test session)."""
    try:
        pid = int((folder / "owner.pid").read_text())
    except (OSError, ValueError):
        return False
    return pid != os.getpid() and alive(pid)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    leaks = _leaks(session) if hasattr(session.config, "_tmp_path_factory") else []
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if leaks and exitstatus == 0:
        if reporter:
            reporter.write_line("left behind by the tests:\n  " + "\n  ".join(leaks), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("CI") and skipped and exitstatus == 0:
        if reporter:
            reporter.write_line(f"CI: {skipped} test(s) skipped; every test must run in CI",
                                red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
