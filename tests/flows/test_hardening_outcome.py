"""One mapping from exceptions to run statuses, and one-line logs of expected failures."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

import pytest
from prefect.exceptions import TerminationSignal

from flows.quiet import ExpectedFailure
from qatron.errors import ConfigError, DatasetError, ServiceStartError, StoreError
from qatron.models import RunStatus
from qatron.outcome import status_of


@pytest.mark.parametrize(("exc", "status"), [
    (ServiceStartError("api", "health check failed"), RunStatus.INFRA_FAILED),
    (StoreError("database is locked"), RunStatus.INFRA_FAILED),
    (DatasetError("no such file"), RunStatus.INFRA_FAILED),
    (ConfigError("unknown placeholder"), RunStatus.FAILED),
    (KeyboardInterrupt(), RunStatus.CANCELLED),
    (TerminationSignal(signal.SIGTERM), RunStatus.CANCELLED),
])
def test_each_error_has_its_status(exc: BaseException, status: RunStatus) -> None:
    assert status_of(exc)[0] is status


def test_a_signal_says_which() -> None:
    assert status_of(KeyboardInterrupt()) == (RunStatus.CANCELLED, "cancelled by the user")
    assert status_of(TerminationSignal(signal.SIGTERM))[1] == \
        "cancelled: the process received SIGTERM"


def test_an_unexpected_error_is_one_line_with_its_traceback_in_the_run_folder(
        tmp_path: Path) -> None:
    try:
        raise ValueError("bad\nvalue")
    except ValueError as exc:
        status, message = status_of(exc, "loading test data", tmp_path)

    log = tmp_path / "logs" / "qatron-errors.log"
    assert status is RunStatus.INFRA_FAILED
    assert message == f"loading test data failed: ValueError: bad value (traceback in {log})"
    assert "Traceback" in log.read_text() and "raise ValueError" in log.read_text()


def test_a_task_failing_with_an_expected_error_is_logged_in_one_line() -> None:
    try:
        raise ServiceStartError("api", "health check failed", "line 1\nline 2")
    except ServiceStartError:
        record = logging.LogRecord("prefect.task_runs", logging.ERROR, __file__, 1,
                                   "Task run failed with exception: %r", ("x",),
                                   sys.exc_info())

    assert ExpectedFailure().filter(record)
    assert record.exc_info is None
    assert record.getMessage() == \
        "ServiceStartError: service 'api' did not start: health check failed"
