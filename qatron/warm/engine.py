"""A deployment's flow run on the warm worker: ``python -m qatron.warm.engine [FLOW_RUN_ID]``.

The command a process work pool's worker starts for each flow run instead of Prefect's
``python -m prefect.engine`` (prefect.yaml sets it as the ``command`` job variable). It
hands the flow run to the warm worker of the local server, which forks a child that
runs Prefect's engine for it with Prefect, the flows and the engine already imported,
and exits with that child's exit code; signals the work pool's worker sends (a
cancellation's SIGTERM) are passed on. When no warm worker takes the flow run (another
Prefect API, another Python, other Prefect settings, none running, switched off), this
process becomes ``python -m prefect.engine`` itself: the flow run runs as it would
without QAtron.
"""

from __future__ import annotations

import os
import sys

from qatron.warm.client import ENGINE, run_warm


def main(argv: list[str]) -> None:
    code = run_warm([ENGINE, *argv], kind=ENGINE)
    if code is not None:
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", ENGINE, *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
