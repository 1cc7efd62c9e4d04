"""The ``driver`` fixture's browsers on a Remote WebDriver endpoint (QATRON_BROWSER_GRID_URL):
a ChromeDriver server stands in for a Selenium Grid."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from qatron.browser import BrowserError, BrowserSettings, start_browser
from tests.browser.conftest import browser_processes

pytestmark = pytest.mark.browser


@pytest.fixture
def grid_url() -> Iterator[str]:
    """A ChromeDriver server on a free port; its browsers' temporary files in a scratch folder."""
    scratch = Path(tempfile.mkdtemp(prefix="qg-", dir="/tmp"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(shutil.which("chromedriver")), f"--port={port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={"PATH": "/usr/bin:/bin", "TMPDIR": str(scratch)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/status").json()["value"]["ready"]:
                break
        time.sleep(0.05)
    yield url
    server.kill()
    server.wait()
    deadline = time.monotonic() + 15  # a browser that quit may take a moment to exit
    while browser_processes(scratch) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert browser_processes(scratch) == []
    shutil.rmtree(scratch, ignore_errors=True)


def test_a_browser_on_the_grid_drives_pages_and_quits(grid_url: str, pages_url: str) -> None:
    browser = start_browser(BrowserSettings(grid_url=grid_url, window=(800, 600)))
    try:
        assert browser.scratch is None and browser.service_pid is None
        browser.driver.get(pages_url + "/")
        assert browser.driver.title == "Tiny Shop"
        assert browser.driver.get_window_size() == {"width": 800, "height": 600}
        assert browser.alive()
    finally:
        browser.quit()
    assert not browser.alive()  # the session is gone
    assert browser.died == "the browser's process died during the test"


def test_an_unreachable_grid_is_a_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(BrowserError, match=rf"^the browser did not start \(http://127.0.0.1:"
                                           rf"{port}\): "):
        start_browser(BrowserSettings(grid_url=f"http://127.0.0.1:{port}"))
