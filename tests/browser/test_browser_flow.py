"""``browser:`` in qatron.yml through ``run_suite``: checked once when the environment is up
(an unready Grid ends the run ``infra_failed``), passed to the tests as QATRON_BROWSER_*,
and a failed browser test's evidence kept in the store and in ``runs artifacts``."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from flows.run_suite import run_suite
from qatron.models import Outcome
from qatron.options import RunOptions
from qatron.run import open_run
from qatron.store import ResultsStore
from tests.projects import qatron, write_project

pytestmark = pytest.mark.browser

BROWSER_TESTS = '''\
import os


def test_home(driver):
    assert os.environ["QATRON_BROWSER_WINDOW"] == "800x600"
    assert type(driver).__module__ == "selenium.webdriver.remote.webdriver"
    driver.get(os.environ["PAGES_URL"] + "/")
    assert driver.find_element("css selector", "h1").text == "Basket"
'''


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(project: Path) -> tuple[str, str, list[tuple[str, Outcome, list[str]]], Path]:
    """Run suite ``ui`` through the flow: its status, message, results and folder."""
    ctx = open_run(project, RunOptions("ui", "local"))
    run_suite(suite="ui", env="local", project=str(project), run_id=ctx.run_id,
              return_state=True)
    with ResultsStore(ctx.database_url) as store:
        record, summary = store.get_run(ctx.run_id), store.load_summary(ctx.run_id)
    assert record is not None and summary is not None
    results = [(r.nodeid, r.outcome, r.attachments) for r in summary.results]
    return record.status, record.message or "", results, Path(record.run_dir or "")


def test_an_unreachable_grid_ends_the_run_infra_failed_once(tmp_path: Path,
                                                            prefect_api_url: str) -> None:
    port = _free_port()
    project = write_project(tmp_path / "ui", f"""\
        project: ui
        suites: {{ui: {{}}}}
        browser: {{grid_url: "http://127.0.0.1:{port}"}}
        """, {"tests/test_ui.py": BROWSER_TESTS})
    status, message, results, _ = _run(project)
    assert status == "infra_failed", message
    assert f"the Selenium Grid at http://127.0.0.1:{port} (browser.grid_url)" in message
    assert "start the Grid or fix browser.grid_url" in message
    assert results == []  # no test ran, so none failed for it


def test_a_suite_runs_on_its_environments_grid_and_keeps_evidence(
        tmp_path: Path, prefect_api_url: str, pages_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGES_URL", pages_url)
    project = write_project(tmp_path / "ui", """\
        project: ui
        environments:
          local:
            services:
              grid: {type: selenium-grid, max_sessions: 1}
        suites:
          ui: {browser: {window: 800x600}}
        browser: {grid_url: "{grid.url}", window: 1024x768}
        """, {"tests/test_ui.py": BROWSER_TESTS})
    status, message, results, run_dir = _run(project)
    assert status == "failed", message
    [(nodeid, outcome, attachments)] = results
    assert outcome is Outcome.FAILED and nodeid == "tests/test_ui.py::test_home"
    # The Grid keeps no browser console log: the screenshot and the page source.
    assert [Path(a).name for a in attachments] == ["screenshot.png", "page.html"]
    assert "Welcome to the tiny shop" in Path(attachments[1]).read_text()
    assert all(Path(a).is_relative_to(run_dir / "evidence") for a in attachments)
    assert all(Path(a).is_file() for a in attachments)
    out = tmp_path / "copied"  # `qatron runs artifacts` copies the evidence tree too (the
    # run folder is named by the run id)
    done = qatron("runs", "artifacts", run_dir.name, "--project", str(project), "--output",
                  str(out), env={})
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (out / "evidence").rglob("*") if p.is_file()) == [
        "page.html", "screenshot.png"]


def test_a_grid_block_is_loaded_and_checked_by_the_run(tmp_path: Path,
                                                      prefect_api_url: str) -> None:
    from blocks.selenium_grid import SeleniumGrid

    port = _free_port()
    SeleniumGrid(url=f"http://127.0.0.1:{port}").save("gone-grid", overwrite=True)
    project = write_project(tmp_path / "ui", """\
        project: ui
        suites: {ui: {}}
        browser: {grid_block: gone-grid}
        """, {"tests/test_ui.py": BROWSER_TESTS})
    status, message, results, _ = _run(project)
    assert status == "infra_failed", message
    assert f"the Selenium Grid at http://127.0.0.1:{port} (block 'gone-grid')" in message
    assert results == []


def test_a_missing_grid_block_says_how_to_save_one(prefect_api_url: str) -> None:
    from blocks.selenium_grid import grid_url_of
    from qatron.errors import ConfigError

    with pytest.raises(ConfigError, match=r"no Selenium Grid block 'absent-grid'.*"
                                          r"SeleniumGrid\(url=\.\.\.\)\.save"):
        grid_url_of("absent-grid")
