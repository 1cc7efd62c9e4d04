"""The ``selenium-grid`` service: a real Selenium Grid 4 (Java) driving Debian's Chromium,
browser tests of the shard runner on it, and nothing of it left once it is stopped."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qatron.config import load_project
from qatron.drivers.selenium_grid import JAR_VAR, grid_problem
from qatron.errors import ServiceStartError
from qatron.models import Outcome
from qatron.processes import marked, project_mark
from qatron.pytest_runner import ShardSpec, TestCommand, execute_shard
from qatron.services import RunningEnvironment, start_environment
from tests.projects import write_project

pytestmark = pytest.mark.browser

GRID_YML = """\
project: gridded
environments:
  local:
    services:
      grid: {type: selenium-grid, port: auto, max_sessions: 2, startup_timeout: 60}
suites: {ui: {}}
browser: {grid_url: "{grid.url}"}
"""

GRID_TESTS = '''\
import os

PAGES = os.environ["PAGES_URL"]


def test_greets_on_the_grid(driver):
    assert type(driver).__module__ == "selenium.webdriver.remote.webdriver"
    driver.get(PAGES + "/")
    assert driver.find_element("css selector", "#greeting").text == "Welcome to the tiny shop"


def test_wants_a_basket(driver):
    driver.get(PAGES + "/")
    assert driver.find_element("css selector", "h1").text == "Basket"
'''


def _leftovers(project: Path) -> list[int]:
    """Live processes (Java, ChromeDriver, Chromium) carrying the project's mark."""
    return sorted(marked(f"QATRON_PROJECT={project_mark(project)}"))


@pytest.fixture(scope="module")
def grid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEnvironment]:
    """One Grid for the module (it takes seconds to start); stopped at the end."""
    root = write_project(tmp_path_factory.mktemp("gridded"), GRID_YML,
                         {"tests/test_grid.py": GRID_TESTS})
    env = start_environment(load_project(root), "local", root / "run")
    try:
        yield env
    finally:
        env.stop()


def test_the_grid_starts_ready_and_offers_its_url(grid: RunningEnvironment) -> None:
    values = grid.services["grid"].values
    assert values["url"] == f"http://127.0.0.1:{values['port']}" and values["host"] == "127.0.0.1"
    assert grid_problem(str(values["url"])) is None
    assert _leftovers(grid.run_dir.parent)  # java runs, marked as the project's


def test_browser_tests_of_a_shard_run_on_the_grid(grid: RunningEnvironment, pages_url: str
                                                  ) -> None:
    root, url = grid.run_dir.parent, str(grid.services["grid"].values["url"])
    command = TestCommand(app_dir=root, paths=["tests"],
                          env={"PAGES_URL": pages_url, "QATRON_BROWSER_GRID_URL": url})
    run_dir = root / "shard-run"
    shard = execute_shard(ShardSpec(
        index=1, count=1, run_dir=run_dir, command=command, rootdir=root,
        nodeids=["tests/test_grid.py::test_greets_on_the_grid",
                 "tests/test_grid.py::test_wants_a_basket"], deadline=time.monotonic() + 120))
    results = {r.nodeid.rpartition("::")[2]: r for r in shard.results}
    assert results["test_greets_on_the_grid"].outcome is Outcome.PASSED, results
    failed = results["test_wants_a_basket"]
    assert failed.outcome is Outcome.FAILED
    folder = run_dir / "evidence" / "shard-1" / "tests_test_grid.py_test_wants_a_basket"
    assert str(folder / "screenshot.png") in failed.attachments
    assert (folder / "screenshot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    log = grid.services["grid"].log_path.read_text()
    assert log.count("Session created by the Node") == 2, log[-2000:]


def test_nothing_of_the_grid_is_left_once_it_stops(grid: RunningEnvironment) -> None:
    grid.stop()  # the module's Grid: stopping again at the end does nothing
    assert _leftovers(grid.run_dir.parent) == []


def test_a_missing_jar_names_the_make_step(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "nojar", GRID_YML, {})
    monkeypatch.setenv(JAR_VAR, str(tmp_path / "absent.jar"))
    with pytest.raises(ServiceStartError) as raised:
        start_environment(load_project(root), "local", root / "run")
    assert "make system-deps" in str(raised.value) and "absent.jar" in str(raised.value)
    assert _leftovers(root) == []


