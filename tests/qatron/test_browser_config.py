"""``browser:`` in qatron.yml: load-time checks, a suite's overrides, the QATRON_BROWSER_*
variables, and the check a run makes before its browser tests."""

from __future__ import annotations

import socket
import textwrap
from pathlib import Path

import pytest

from qatron.browser import BrowserSettings
from qatron.browser_config import browser_environ, browser_of, check_browser
from qatron.config import load_project
from qatron.errors import ConfigError, InfrastructureError

YML = """\
project: ui
environments:
  local:
    services:
      grid: {type: selenium-grid}
suites:
  ui: {browser: {window: 800x600, reuse: true}}
  other: {}
browser: {grid_url: "{grid.url}", headless: false, page_load_timeout: 12}
"""


def _project(tmp_path: Path, text: str = YML) -> Path:
    (tmp_path / "qatron.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_a_suite_overrides_the_projects_browser_and_the_tests_read_it(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    ui = browser_of(project, project.suite("ui"))
    assert ui is not None and browser_of(project, project.suite("other")) == project.config.browser
    environ = browser_environ(ui, "http://127.0.0.1:4444")
    assert BrowserSettings.from_env(environ) == BrowserSettings(
        grid_url="http://127.0.0.1:4444", headless=False, window=(800, 600),
        page_load_timeout=12.0, reuse=True)


def test_grid_url_names_a_known_service_value(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_project(_project(tmp_path, YML.replace("{grid.url}", "{grid.dsn}")))
    assert "browser.grid_url" in str(info.value) and "{grid.url}" in str(info.value)


def test_grid_url_and_grid_block_exclude_each_other(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="at most one of 'grid_url' or 'grid_block'"):
        load_project(_project(tmp_path, YML.replace("headless: false", "grid_block: shared")))


def test_an_unready_grid_is_an_infrastructure_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InfrastructureError, match=f"Grid at http://127.0.0.1:{port}"):
        check_browser(f"http://127.0.0.1:{port}", timeout=2)
    check_browser(None)  # Debian's chromium and chromedriver are on PATH
