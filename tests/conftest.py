"""Session-wide fixtures: real PostgreSQL and Prefect servers.

In CI (``CI`` set) a skipped test fails the session: every test that needs a
real component must have run.
"""

from __future__ import annotations

import os

import pytest

# Every test talks to a real server that a fixture started; never let a stray
# client (e.g. a log or event flush at exit) start Prefect's ephemeral API.
os.environ["PREFECT_SERVER_ALLOW_EPHEMERAL_MODE"] = "false"
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

pytest_plugins = ["tests.fixtures.postgres", "tests.fixtures.prefect_server", "tests.fixtures.s3",
                  "tests.fixtures.docker"]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("CI") and skipped and exitstatus == 0:
        if reporter:
            reporter.write_line(f"CI: {skipped} test(s) skipped; every test must run in CI",
                                red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
