"""Browsers for the pytest plugin's ``driver`` fixture: settings, start, health, end, evidence.

    >>> settings = BrowserSettings.from_env()       # QATRON_BROWSER_* (see the table below)
    >>> pool = BrowserPool(settings)
    >>> browser = pool.acquire()                    # a Selenium WebDriver in browser.driver
    >>> pool.release(browser)                       # quits it (unless reused and healthy)
    >>> pool.close()                                # no browser process is left

=====================================  ==========================================  ==========
Environment variable                   Meaning                                     Default
=====================================  ==========================================  ==========
``QATRON_BROWSER_GRID_URL``            a Selenium Grid (Remote WebDriver) URL      local
``QATRON_BROWSER_HEADLESS``            ``true``/``false``                          ``true``
``QATRON_BROWSER_WINDOW``              ``WIDTHxHEIGHT``                            1280x800
``QATRON_BROWSER_IMPLICIT_WAIT``       seconds                                     0
``QATRON_BROWSER_PAGE_LOAD_TIMEOUT``   seconds                                     30
``QATRON_BROWSER_REUSE``               one browser per worker process, not test    ``false``
``QATRON_EVIDENCE_DIR``                where a failed test's evidence goes         .qatron-evidence
=====================================  ==========================================  ==========

Locally it is Debian's headless Chromium driven by the ``chromedriver`` on PATH, with its
profile (``--user-data-dir``) in a scratch folder that is removed with the browser. This
module runs inside test processes (see :mod:`qatron.pytest_plugin`): it imports only the
standard library, and Selenium when a browser starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

EVIDENCE_DIR_VAR = "QATRON_EVIDENCE_DIR"
DEFAULT_EVIDENCE_DIR = ".qatron-evidence"
#: Chromium's flags for a headless browser in a container (see the module docstring).
CHROMIUM_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run")
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


class BrowserError(RuntimeError):
    """A browser cannot start, or a setting for it is wrong; the message says what to do."""


@dataclass(frozen=True)
class BrowserSettings:
    """How the ``driver`` fixture's browsers start (from ``QATRON_BROWSER_*``)."""

    grid_url: str | None = None
    headless: bool = True
    window: tuple[int, int] = (1280, 800)
    implicit_wait: float = 0.0
    page_load_timeout: float = 30.0
    reuse: bool = False

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> BrowserSettings:
        """The settings in ``environ`` (default: ``os.environ``); BrowserError for bad values."""
        env = dict(os.environ if environ is None else environ)
        return cls(
            grid_url=env.get("QATRON_BROWSER_GRID_URL") or None,
            headless=_flag(env, "QATRON_BROWSER_HEADLESS", True),
            window=_window(env.get("QATRON_BROWSER_WINDOW", "1280x800")),
            implicit_wait=_seconds(env, "QATRON_BROWSER_IMPLICIT_WAIT", 0.0),
            page_load_timeout=_seconds(env, "QATRON_BROWSER_PAGE_LOAD_TIMEOUT", 30.0),
            reuse=_flag(env, "QATRON_BROWSER_REUSE", False),
        )


def _flag(env: dict[str, str], name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise BrowserError(f"{name}={value!r}: expected true or false")


def _window(value: str) -> tuple[int, int]:
    found = re.fullmatch(r"\s*(\d+)\s*[xX,]\s*(\d+)\s*", value)
    if not found:
        raise BrowserError(f"QATRON_BROWSER_WINDOW={value!r}: expected WIDTHxHEIGHT, "
                           f"such as 1280x800")
    return int(found[1]), int(found[2])


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    value = env.get(name)
    try:
        seconds = default if value in (None, "") else float(str(value))
    except ValueError:
        seconds = -1.0
    if seconds < 0:
        raise BrowserError(f"{name}={value!r}: expected a number of seconds, such as 10")
    return seconds


@dataclass
class Browser:
    """One browser session: its WebDriver, its scratch folder and (locally) its processes."""

    driver: WebDriver
    scratch: Path | None = None
    #: The ChromeDriver process of a local browser.
    service_pid: int | None = None
    #: Why it is unusable (its process died), once known.
    died: str = field(default="", repr=False)

    @property
    def marker(self) -> str | None:
        """A string in the command line of each of this browser's Chromium processes."""
        return f"--user-data-dir={self.scratch / 'profile'}" if self.scratch else None

    def alive(self) -> bool:
        """Whether the browser's process still runs (a remote one: whether it answers)."""
        if self.died:
            return False
        if self.marker is not None and Path("/proc").is_dir():
            alive = any("--type=" not in command for _, command in _processes(self.marker))
        else:
            alive = _answers(self.driver)
        if not alive:
            self.died = "the browser's process died during the test"
        return alive

    def quit(self) -> None:
        """End the session, then any process of it that is left, then its scratch folder."""
        with contextlib.suppress(Exception):
            self.driver.quit()
        if self.scratch is not None:  # its processes all name a path in the scratch folder
            _kill([pid for pid, _ in _processes(str(self.scratch))], self.service_pid)
            shutil.rmtree(self.scratch, ignore_errors=True)


class BrowserPool:
    """Hands out browsers: a new one per test, or (``reuse``) one per process while healthy."""

    def __init__(self, settings: BrowserSettings) -> None:
        self.settings = settings
        self.kept: Browser | None = None

    def acquire(self) -> Browser:
        if self.kept is not None and self.kept.alive():
            return self.kept
        self.close()
        browser = start_browser(self.settings)
        if self.settings.reuse:
            self.kept = browser
        return browser

    def release(self, browser: Browser) -> None:
        if browser is not self.kept or not browser.alive():
            if browser is self.kept:
                self.kept = None
            browser.quit()

    def close(self) -> None:
        if self.kept is not None:
            self.kept.quit()
            self.kept = None


def start_browser(settings: BrowserSettings) -> Browser:
    """A new Chromium: on the Grid at ``settings.grid_url``, else local and headless."""
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from urllib3.exceptions import HTTPError as TransportError  # Selenium's HTTP client
    except ImportError as exc:
        raise BrowserError(f"browser tests need Selenium in this interpreter ({exc}): "
                           f"pip install selenium==4.51.0") from exc
    os.environ.setdefault("SE_OFFLINE", "true")  # no Selenium Manager download, no stats
    os.environ.setdefault("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    for flag in (*(("--headless=new",) if settings.headless else ()), *CHROMIUM_FLAGS,
                 "--window-size={},{}".format(*settings.window)):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        if settings.grid_url:
            browser = Browser(webdriver.Remote(command_executor=settings.grid_url,
                                               options=options))
        else:
            browser = _start_local(webdriver, options)
    except (WebDriverException, TransportError, OSError) as exc:
        where = settings.grid_url or "local Chromium"
        why = getattr(exc, "msg", None) or str(exc)
        raise BrowserError(f"the browser did not start ({where}): {why}") from exc
    browser.driver.implicitly_wait(settings.implicit_wait)
    browser.driver.set_page_load_timeout(settings.page_load_timeout)
    return browser


def _start_local(webdriver: Any, options: Any) -> Browser:
    chromedriver = shutil.which("chromedriver")
    if chromedriver is None:
        raise BrowserError("chromedriver is not on PATH: install Chromium and its driver "
                           "(Debian: apt-get install chromium chromium-driver, or `make "
                           "system-deps`), or set QATRON_BROWSER_GRID_URL to a Selenium Grid")
    scratch = Path(tempfile.mkdtemp(prefix="qatron-browser-", dir=_short_temp_dir()))
    options.add_argument(f"--user-data-dir={scratch / 'profile'}")
    service = webdriver.ChromeService(executable_path=chromedriver,  # Chromium's temp files
                                      log_output=subprocess.DEVNULL,  # go with its profile
                                      env={**os.environ, "TMPDIR": str(scratch)})
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except BaseException:
        process = getattr(service, "process", None)
        _kill([pid for pid, _ in _processes(str(scratch))],
              process.pid if process is not None else None)
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return Browser(driver, scratch=scratch, service_pid=service.process.pid)


def _short_temp_dir() -> str:
    """The temporary folder, or /tmp when its path is too long for the Unix socket Chromium
    makes in it (about 100 bytes in all, or Chromium exits at once)."""
    folder = tempfile.gettempdir()
    return folder if len(folder) <= 48 or not os.access("/tmp", os.W_OK) else "/tmp"


def _answers(driver: WebDriver) -> bool:
    try:
        driver.execute_script("return 1")
    except Exception:
        return False
    return True


def _processes(marker: str) -> list[tuple[int, str]]:
    """Running processes whose command line contains ``marker``: (pid, command line)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace")
        except OSError:
            continue
        if marker in command and int(entry.name) != os.getpid():
            found.append((int(entry.name), command))
    return found


def _kill(pids: list[int], service_pid: int | None) -> None:
    """SIGKILL ``pids`` and the ChromeDriver process, then wait (briefly) until they are gone."""
    if service_pid and b"chromedriver" not in _command(service_pid):
        service_pid = None  # already ended (and reaped): the pid may be another's now
    everyone = [*pids, *([service_pid] if service_pid else [])]
    for pid in everyone:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    if service_pid:
        with contextlib.suppress(OSError):  # our child: reap it
            os.waitpid(service_pid, 0)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.05)


def _command(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# --- Evidence of a failed test ---------------------------------------------------------


def evidence_folder(nodeid: str, environ: dict[str, str] | None = None) -> Path:
    """``$QATRON_EVIDENCE_DIR/<nodeid as a safe file name>`` (absolute)."""
    env = os.environ if environ is None else environ
    root = Path(env.get(EVIDENCE_DIR_VAR) or DEFAULT_EVIDENCE_DIR)
    return root.absolute() / safe_name(nodeid)


def safe_name(nodeid: str, limit: int = 120) -> str:
    """A file name for a node id: letters, digits, ``._-``; long ones end with a hash."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", nodeid).strip("_.") or "test"
    if len(name) > limit:
        name = f"{name[:limit - 9]}-{hashlib.sha1(nodeid.encode()).hexdigest()[:8]}"
    return name


def save_evidence(driver: WebDriver, folder: Path) -> list[Path]:
    """Save the page's screenshot (PNG), source (HTML) and console log into ``folder``; what
    the browser cannot give is left out. Returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with contextlib.suppress(Exception):
        if driver.save_screenshot(str(folder / "screenshot.png")):
            saved.append(folder / "screenshot.png")
    with contextlib.suppress(Exception):
        (folder / "page.html").write_text(driver.page_source, encoding="utf-8")
        saved.append(folder / "page.html")
    with contextlib.suppress(Exception):  # not every browser or Grid node keeps the log
        entries = driver.get_log("browser")  # type: ignore[attr-defined]  # Chromium's only
        (folder / "console.log").write_text("".join(
            f"{entry.get('level', '?')} {entry.get('message', '')}\n" for entry in entries),
            encoding="utf-8")
        saved.append(folder / "console.log")
    return saved
