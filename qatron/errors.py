"""Errors QAtron reports to its user.

Every one of them is shown as a one-paragraph message that says what was
expected and what to do, never as a traceback::

    QatronError                 exit code 2 unless a subclass says otherwise; a run it
    │                           ends mid-way is ``failed``
    ├── ConfigError             a malformed qatron.yml, an unknown suite or environment
    ├── InfrastructureError     exit code 5 (``infra_failed``): the environment could not
    │   │                       be provisioned
    │   └── ServiceStartError   a service did not start or failed its health check
    ├── StoreError              exit code 5 (``infra_failed``): the results database can't
    │                           be reached
    └── DatasetError            exit code 5 (``infra_failed``): a dataset can't be read

``status`` is the run status an error ends a run with (see ``qatron.outcome``).

A failing test in the system under test is not an error: it is a result.
"""

from __future__ import annotations

from qatron.exit_codes import EXIT_CONFIG, EXIT_INFRA, EXIT_STORE


class QatronError(Exception):
    """Base of every error QAtron reports to its user (never shown as a traceback)."""

    exit_code = EXIT_CONFIG
    status = "failed"


class ConfigError(QatronError):
    """The project configuration or a command-line choice is not valid."""


class InfrastructureError(QatronError):
    """Something the tests need could not be provided."""

    exit_code = EXIT_INFRA
    status = "infra_failed"


class ServiceStartError(InfrastructureError):
    """A service of the environment did not start; carries its log tail."""

    def __init__(self, service: str, reason: str, log_tail: str = "") -> None:
        self.service = service
        self.reason = reason
        self.log_tail = log_tail
        message = f"service {service!r} did not start: {reason}"
        if log_tail.strip():
            indented = "\n".join(f"    {line}" for line in log_tail.rstrip().splitlines())
            message += f"\n  last lines of its log:\n{indented}"
        super().__init__(message)


class StoreError(QatronError):
    """The results database can't be reached or migrated."""

    exit_code = EXIT_STORE
    status = "infra_failed"


class DatasetError(QatronError):
    """A dataset or its expectation suite can't be read."""

    exit_code = EXIT_INFRA
    status = "infra_failed"
