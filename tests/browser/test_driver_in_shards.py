"""The ``driver`` fixture in QAtron's shard runner with real Chromium: evidence of a failed
browser test, a browser that dies mid-test, and no browser process left afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from qatron.models import Outcome, ShardResult, TestResult
from qatron.pytest_runner import ShardSpec, TestCommand, execute_shard
from tests.browser.conftest import browser_processes
from tests.projects import write_project

pytestmark = pytest.mark.browser

SHOP_TESTS = '''\
import os
import signal
import subprocess
from pathlib import Path

PAGES = os.environ["PAGES_URL"]
PROFILES = Path(os.environ["PROFILES_FILE"])


def test_home_page_greets(driver):
    driver.get(PAGES + "/")
    assert driver.find_element("css selector", "#greeting").text == "Welcome to the tiny shop"


def test_home_page_has_a_basket(driver):
    driver.get(PAGES + "/")
    assert driver.find_element("css selector", "h1").text == "Basket"


def test_browser_dies(driver):
    driver.get(PAGES + "/")
    profile = driver.capabilities["chrome"]["userDataDir"]
    with PROFILES.open("a") as file:
        file.write(profile + "\\n")
    pids = subprocess.run(["pgrep", "-f", "--", f"--user-data-dir={profile}"], capture_output=True,
                          text=True).stdout.split()
    assert pids, "no Chromium process found"
    for pid in pids:
        os.kill(int(pid), signal.SIGKILL)
    try:
        driver.get(PAGES + "/")
    except Exception:
        pass  # the test may even swallow the error: a dead browser still fails it


def test_after_the_crash(driver):
    driver.get(PAGES + "/")
    profile = driver.capabilities["chrome"]["userDataDir"]
    killed = PROFILES.read_text().split()
    assert profile not in killed
    assert not any(Path(p).exists() for p in killed)  # the dead browser's profile is gone
    assert driver.title == "Tiny Shop"


def test_zz_no_browser_of_earlier_tests_is_left():
    mine = {str(os.getpid())}
    found = subprocess.run(["pgrep", "-f", "--", "--user-data-dir=" + os.environ["TMPDIR"]],
                           capture_output=True, text=True).stdout.split()
    if os.environ.get("QATRON_BROWSER_REUSE") != "true":
        assert set(found) - mine == set()
'''


@pytest.fixture
def scratch() -> Iterator[Path]:
    """A short TMPDIR for the test processes (Chromium's socket paths must stay short)."""
    folder = Path(tempfile.mkdtemp(prefix="qb-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def shop(tmp_path: Path, pages_url: str, scratch: Path) -> tuple[Path, dict[str, str]]:
    app = write_project(tmp_path / "shop", "project: shop\n", {"tests/test_shop.py": SHOP_TESTS})
    env = {"PAGES_URL": pages_url, "PROFILES_FILE": str(tmp_path / "profiles"),
           "TMPDIR": str(scratch)}
    return app, env


def run_shard(app: Path, env: dict[str, str], tests: list[str], run_dir: Path) -> ShardResult:
    command = TestCommand(app_dir=app, paths=["tests"], env=env)
    return execute_shard(ShardSpec(index=1, count=1, run_dir=run_dir, command=command,
                                   nodeids=[f"tests/test_shop.py::{t}" for t in tests],
                                   rootdir=app, deadline=time.monotonic() + 120))


def outcomes(shard: ShardResult) -> dict[str, TestResult]:
    return {r.nodeid.rpartition("::")[2]: r for r in shard.results}


def test_a_failed_browser_test_leaves_its_screenshot_page_and_console(
        shop: tuple[Path, dict[str, str]], tmp_path: Path, scratch: Path) -> None:
    app, env = shop
    run_dir = tmp_path / "run"
    shard = run_shard(app, env, ["test_home_page_greets", "test_home_page_has_a_basket"], run_dir)
    results = outcomes(shard)
    assert results["test_home_page_greets"].outcome is Outcome.PASSED
    assert results["test_home_page_greets"].attachments == []
    failed = results["test_home_page_has_a_basket"]
    assert failed.outcome is Outcome.FAILED
    folder = run_dir / "evidence" / "shard-1" / "tests_test_shop.py_test_home_page_has_a_basket"
    assert failed.attachments == [str(folder / name)
                                  for name in ("screenshot.png", "page.html", "console.log")]
    assert (folder / "screenshot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Welcome to the tiny shop" in (folder / "page.html").read_text()
    console = (folder / "console.log").read_text()
    assert "SEVERE" in console and "payment widget failed to load" in console
    assert sorted(p.name for p in (run_dir / "evidence" / "shard-1").iterdir()) == [folder.name]
    # JUnit XML: the attachments in the failed test's system-out, for Jenkins and GitLab.
    cases = {c.get("name"): c for c in ET.parse(shard.junit_path).getroot().iter("testcase")}
    out = "".join(e.text or "" for e in cases["test_home_page_has_a_basket"].iter("system-out"))
    assert [f"[[ATTACHMENT|{p}]]" for p in failed.attachments] == out.split()
    assert list(cases["test_home_page_greets"].iter("system-out")) == []
    assert list(scratch.iterdir()) == []  # each browser's profile was removed


@pytest.mark.parametrize("reuse", ["false", "true"])
def test_a_browser_that_dies_fails_its_test_and_the_next_gets_a_new_one(
        shop: tuple[Path, dict[str, str]], tmp_path: Path, scratch: Path, reuse: str) -> None:
    app, env = shop
    tests = ["test_browser_dies", "test_after_the_crash",
             "test_zz_no_browser_of_earlier_tests_is_left"]
    shard = run_shard(app, {**env, "QATRON_BROWSER_REUSE": reuse}, tests, tmp_path / "run")
    results = outcomes(shard)
    died = results["test_browser_dies"]
    assert died.outcome is Outcome.FAILED
    assert died.message == ("the browser's process died during the test: a new browser "
                            "starts for the next test")
    assert died.attachments == []
    assert results["test_after_the_crash"].outcome is Outcome.PASSED
    assert results["test_zz_no_browser_of_earlier_tests_is_left"].outcome is Outcome.PASSED
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("reuse", ["false", "true"])
def test_no_chromium_or_chromedriver_is_left_when_the_session_ends(
        shop: tuple[Path, dict[str, str]], tmp_path: Path, scratch: Path, reuse: str) -> None:
    # Plain pytest, not the shard runner (which kills its process group at the end anyway).
    app, env = shop
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/test_shop.py",
         "-k", "greets or crash or dies"],
        cwd=app, capture_output=True, text=True, timeout=120,
        env={**os.environ, **env, "QATRON_BROWSER_REUSE": reuse})
    assert "1 failed, 2 passed" in completed.stdout, completed.stdout + completed.stderr
    assert browser_processes(scratch) == []
    assert list(scratch.iterdir()) == []
