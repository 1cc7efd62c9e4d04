"""Every exit code of ``qatron`` and of ``deployments/ci/qatron-ci.sh``, in one table.

A run that ended exits with its status's code; the other cases have a constant each::

    code  run status                    other cases
    0     completed
    1     failed                        a CI flow run's final state QAtron doesn't know;
                                        a reader that closed the output early (``| head``);
                                        ``datasets health`` never validated; ``env gc``
                                        left some behind; ``server status`` not up
    2                                   EXIT_USAGE: a bad option; EXIT_CONFIG: a malformed
                                        qatron.yml, an unknown suite or environment
    3     partial_failed
    4     timed_out                     the CI script's --timeout
    5     infra_failed                  EXIT_STORE: the results store can't be reached;
                                        EXIT_API: the Prefect API can't be reached (CI);
                                        EXIT_CRASHED: a run whose process died (CI);
                                        EXIT_OUTPUT: the output can't be written
    6     dataset_failed                ``qatron datasets``: a dataset fails its expectations
    130   cancelled                     EXIT_INTERRUPTED: Ctrl-C or SIGTERM

README ("Run statuses and exit codes") documents it; ``deployments/ci/generate.py`` writes
the CI script's copy, and tests keep both in step with this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from qatron.models import RunStatus

#: The exit code of each run status a run can end with (the terminal ones).
RUN_EXIT_CODES: Final[Mapping[RunStatus, int]] = MappingProxyType({
    RunStatus.COMPLETED: 0,
    RunStatus.FAILED: 1,
    RunStatus.PARTIAL_FAILED: 3,
    RunStatus.TIMED_OUT: 4,
    RunStatus.INFRA_FAILED: 5,
    RunStatus.DATASET_FAILED: 6,
    RunStatus.CANCELLED: 130,
})

#: A bad command line: an unknown option, a value out of range, a missing argument.
EXIT_USAGE: Final = 2
#: A malformed qatron.yml, an unknown suite or environment (``ConfigError``).
EXIT_CONFIG: Final = EXIT_USAGE
#: The environment could not be provided (``InfrastructureError``, ``DatasetError``).
EXIT_INFRA: Final = RUN_EXIT_CODES[RunStatus.INFRA_FAILED]
#: The results database can't be reached or migrated (``StoreError``).
EXIT_STORE: Final = EXIT_INFRA
#: The Prefect API can't be reached or keeps failing.
EXIT_API: Final = EXIT_INFRA
#: A run whose process died (Prefect's ``Crashed`` state, or a flow that raised).
EXIT_CRASHED: Final = EXIT_INFRA
#: Standard output can't be written (a full disk, ``> /dev/full``).
EXIT_OUTPUT: Final = EXIT_INFRA
#: The reader of standard output went away (``qatron runs list | head``), as rich exits.
EXIT_OUTPUT_CLOSED: Final = 1
#: Ctrl-C or SIGTERM: what was started is cancelled.
EXIT_INTERRUPTED: Final = RUN_EXIT_CODES[RunStatus.CANCELLED]
#: A final flow-run state that is none of QAtron's statuses.
EXIT_UNKNOWN_STATE: Final = RUN_EXIT_CODES[RunStatus.FAILED]
#: ``qatron datasets health`` of a dataset never validated.
EXIT_NEVER_VALIDATED: Final = 1
#: ``qatron env gc`` could not remove some of what it found.
EXIT_NOT_REMOVED: Final = 1
#: ``qatron server status`` of a local server that is not up.
EXIT_SERVER_DOWN: Final = 1


def run_exit_code(status: RunStatus) -> int:
    """The exit code of a run that ended ``status``; ValueError while it has not ended."""
    try:
        return RUN_EXIT_CODES[status]
    except KeyError:
        raise ValueError(f"run status {status.value!r} has not ended yet; the ended ones are "
                         f"{', '.join(RUN_EXIT_CODES)}") from None


def state_exit_codes() -> dict[str, int]:
    """The exit code of each final Prefect flow-run state name a run can end with:
    ``{"Completed": 0, ..., "Crashed": 5}``."""
    codes = {status.state_name: code for status, code in RUN_EXIT_CODES.items()}
    return codes | {RunStatus.CRASHED.state_name: EXIT_CRASHED}
