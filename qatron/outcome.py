"""The one place that turns an exception into a run's status and message.

    status_of(exc)                          the run's status and a one-line message
    ├── BaseException, not Exception        cancelled (Ctrl-C, SIGTERM, Prefect's signals)
    ├── QatronError                         its ``status`` (ConfigError: failed; infrastructure,
    │                                       store and dataset errors: infra_failed)
    └── anything else                       infra_failed: "<what> failed: <Type>: <text>",
                                            the traceback kept in the run folder's log

A failed test is never an exception: its status comes from ``qatron.verdict.conclude``.
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from qatron.errors import QatronError
from qatron.models import RunStatus

#: The run folder's log of unexpected errors, with their tracebacks.
ERROR_LOG = Path("logs") / "qatron-errors.log"
_SIGNALS = {"TerminationSignal": "cancelled: the process received SIGTERM",
            "KeyboardInterrupt": "cancelled by the user"}


def is_cancel(exc: BaseException) -> bool:
    """Whether ``exc`` asks the run to stop (a signal, not a fault)."""
    return not isinstance(exc, Exception)


def status_of(exc: BaseException, doing: str = "the run", run_dir: Path | None = None
              ) -> tuple[RunStatus, str]:
    """The status a run ends with when ``exc`` ended it, and its one-line message.

    ``doing`` names the step that failed ("provisioning environment 'local'"); for an
    unexpected error the traceback is appended to ``run_dir``/logs/qatron-errors.log.
    """
    if is_cancel(exc):
        names = [cls.__name__ for cls in type(exc).__mro__]
        return RunStatus.CANCELLED, next(
            (_SIGNALS[name] for name in names if name in _SIGNALS), "cancelled")
    if isinstance(exc, QatronError):
        return RunStatus(exc.status), str(exc)
    text = " ".join(str(exc).split()) or "no message"
    message = f"{doing} failed: {type(exc).__name__}: {text[:300]}"
    if run_dir is not None and (log := keep_traceback(exc, run_dir)) is not None:
        message += f" (traceback in {log})"
    return RunStatus.INFRA_FAILED, message


def keep_traceback(exc: BaseException, run_dir: Path) -> Path | None:
    """Append ``exc``'s traceback to the run folder's error log; its path, if written."""
    path = run_dir / ERROR_LOG
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
            log.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return path
