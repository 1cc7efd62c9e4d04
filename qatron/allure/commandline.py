"""The Allure command line: where it is, and ``allure generate`` of an export.

The command is ``$QATRON_ALLURE``, else the one ``make system-deps`` installs from npm into
``.cache/allure`` of QAtron's checkout, else ``allure`` on ``PATH``. It needs Java 11 or later.

    report = generate_report(run_dir / "allure-results", run_dir / "allure-report")
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from qatron.errors import QatronError

ALLURE_VAR = "QATRON_ALLURE"
#: Where ``make system-deps`` installs npm's allure-commandline (the Allure 2 Java app).
BUNDLED = Path(__file__).resolve().parents[2] / ".cache" / "allure" / "node_modules" / \
    "allure-commandline" / "dist" / "bin" / "allure"
INSTALL_HINT = ("install it with `make system-deps` (npm's allure-commandline into "
                ".cache/allure; it needs Java 11+, e.g. Debian's openjdk-17-jre-headless), "
                "or `npm install -g allure-commandline`, or set QATRON_ALLURE to the "
                "allure program")
GENERATE_TIMEOUT = 300.0


class AllureNotFound(QatronError):
    """No Allure command line to generate a report with."""


class AllureFailed(QatronError):
    """``allure generate`` ended with an error."""


def find_allure() -> Path:
    """The ``allure`` program to run; :class:`AllureNotFound` saying how to install it."""
    configured = os.environ.get(ALLURE_VAR, "").strip()
    if configured:
        path = Path(configured)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise AllureNotFound(f"{ALLURE_VAR}={configured} is not an executable file: point it "
                             f"at the allure program, or unset it")
    if BUNDLED.is_file():
        return BUNDLED
    found = shutil.which("allure")
    if found:
        return Path(found)
    raise AllureNotFound(f"the Allure command line was not found: {INSTALL_HINT}")


def generate_report(results: Path, report: Path, timeout: float = GENERATE_TIMEOUT) -> Path:
    """``allure generate --clean -o REPORT RESULTS``: the report folder written."""
    from qatron.processes import run_for, tail

    allure = find_allure()
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise AllureNotFound(f"Allure needs Java, and none was found: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="qatron-allure-") as scratch:
        log = Path(scratch) / "allure.log"
        code = run_for([str(allure), "generate", "--clean", "-o", str(report), str(results)],
                       cwd=results.parent, env=os.environ, timeout=timeout, log_path=log)
        if code != 0:
            how = "timed out" if code is None else f"exited with {code}"
            raise AllureFailed(f"`{allure} generate` {how}:\n{tail(log, 20)}")
    return report
