"""The warm worker: ``qatron run`` without importing Prefect, the flows and the engine anew.

A long-lived local process (started by ``qatron server start``, and after a ``qatron
run`` on the local server that found none) imports them once and forks a child per run,
before any Prefect thread exists; the command line hands it its arguments, environment,
working folder and standard streams and exits with the code the run sends. A run that
cannot be handed over (PREFECT_API_URL names another server, another Python, other
Prefect settings, changed code, no worker answering) runs in the command line's own
process as before.

    qatron.warm.worker   where it lives; start, ask, stop     (WarmWorker)
    qatron.warm.serve    its loop: refuse or fork               (serve, Identity)
    qatron.warm.child    a forked run: adopt, exit early        (adopt, exit_early)
    qatron.warm.client   the command line's side                (run_warm)
    qatron.warm.channel  the JSON-lines socket between them     (Channel)
"""

from qatron.warm.child import exit_early, in_worker
from qatron.warm.client import run_warm, start_later
from qatron.warm.worker import WarmWorker, embedded_api

__all__ = ["WarmWorker", "embedded_api", "exit_early", "in_worker", "run_warm", "start_later"]
