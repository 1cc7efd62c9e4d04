"""Expected failures in one line: no Prefect traceback for a QatronError.

A task or flow that fails with a ``QatronError`` (a service that never became
healthy, tests that could not be collected) failed as designed: Prefect's log
record of it keeps its message, on one line, and drops the traceback. A task's
unexpected error is logged in one line too: ``run-suite`` writes its traceback
to the run folder (``qatron.outcome``)::

    >>> install()   # once per process; flows/run_suite.py does it on import
"""

from __future__ import annotations

import logging

from qatron.errors import QatronError

_LOGGERS = ("prefect.task_runs", "prefect.flow_runs")


class ExpectedFailure(logging.Filter):
    """Strips the traceback from a record of a QatronError (of any error, for a task:
    the flow keeps its traceback in the run folder); lets every record through."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, QatronError) or (exc is not None and record.name == _LOGGERS[0]):
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            record.msg, record.args = f"{type(exc).__name__}: {first}", None
            record.exc_info, record.exc_text = None, None
        return True


def install() -> None:
    """Add the filter to Prefect's task-run and flow-run loggers (once)."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ExpectedFailure) for f in logger.filters):
            logger.addFilter(ExpectedFailure())
