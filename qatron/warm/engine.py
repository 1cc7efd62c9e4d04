"""A deployment's flow run on the warm worker: ``python -m qatron.warm.engine [FLOW_RUN_ID]``.

The command a process work pool's worker starts for each flow run instead of Prefect's
``python -m prefect.engine`` (prefect.yaml sets it as the ``command`` job variable). It
hands the flow run to the warm worker of the local server, which forks a child that
runs Prefect's engine for it with Prefect, the flows and the engine already imported,
and exits with that child's exit code; signals the work pool's worker sends (a
cancellation's SIGTERM) are passed on. When no warm worker takes the flow run (another
Prefect API, another Python, other Prefect settings, none running, switched off), this
process becomes ``python -m prefect.engine`` itself: the flow run runs as it would
without QAtron. A warm worker stopped in the middle of the flow run (``qatron server
stop``) ends it: this process exits 1, and the work pool's worker marks it crashed.
"""

from __future__ import annotations

import os
import sys

from qatron.errors import InfrastructureError
from qatron.warm.client import ENGINE, run_warm


def main(argv: list[str]) -> None:
    try:
        code = run_warm([ENGINE, *argv], kind=ENGINE)
    except InfrastructureError as exc:  # the worker and its run ended without a code
        sys.exit(f"qatron.warm.engine: {exc}")
    if code is not None:
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", ENGINE, *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
