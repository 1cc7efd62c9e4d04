"""The warm worker's process: ``python -P -m qatron.cli.warm HOME API_URL``.

``qatron server start`` (or a ``qatron run`` that found no worker) starts it; see
:mod:`qatron.warm`. It imports what ``qatron run`` needs (Prefect, the flows and tasks,
the engine, the results store, the report's Plotly) and serves the command lines of the
local server at ``API_URL`` from ``HOME``. Each run is a forked child that takes on the
command line's streams, environment and folder and runs the same command as the
``qatron`` program would in its own process, or, for a deployment's flow run handed over
by :mod:`qatron.warm.engine`, Prefect's engine as ``python -m prefect.engine`` would.
"""

from __future__ import annotations

import importlib
import os
import runpy
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

from qatron.warm.channel import Channel
from qatron.warm.child import adopt, exit_early
from qatron.warm.client import ENGINE
from qatron.warm.serve import Identity, serve
from qatron.warm.worker import WarmWorker, run_prefect_environ

#: What ``qatron run`` imports on its way to the first test and to its verdict, imported
#: once here: QAtron's modules, Prefect's flow and task engines (and FastAPI's encoder its
#: flow runs' parameters go through; the engine a deployment's flow run starts with, and
#: its pull steps), SQLite's SQLAlchemy dialect, the report's Plotly.
PRELOADED = (
    "qatron.cli.entry",
    "qatron.cli.run",
    "qatron.cli.runs",
    "qatron.progress",
    "qatron.run",
    "qatron.planning",
    "qatron.pytest_runner",
    "qatron.store",
    "qatron.store.run_triggers",
    "qatron.browser_config",
    "qatron.cli.prefect_access",
    "qatron.drivers.postgres",
    "qatron.drivers.s3",
    "qatron.drivers.selenium_grid",
    "flows.run_suite",
    "flows.run_group",
    "flows.run_journey",
    "flows.run_load",
    "tasks.status",
    "reports.html",
    "prefect.flow_engine",
    "prefect.task_engine",
    "prefect.engine",
    "prefect._internal.metrics",
    "prefect.deployments.steps",
    "fastapi.encoders",
    "sqlalchemy.dialects.sqlite",
    "anyio._backends._asyncio",
    "opentelemetry.metrics",
    "opentelemetry._logs",
    "encodings.idna",
)


def main(argv: list[str]) -> None:
    """Import, check that nothing started a thread (a fork would copy it half-done),
    then serve."""
    home, api_url = Path(argv[0]), argv[1]
    os.environ.update(run_prefect_environ(os.environ, api_url))
    for name in PRELOADED:
        importlib.import_module(name)
    from prefect.settings import get_current_settings

    from qatron.cli.commands import load_command
    from reports.html import warm_up
    from tasks.status import best_effort

    load_command("run")
    warm_up()
    best_effort("nothing", lambda: None)  # makes the settings its Prefect API calls use
    threads = [
        thread.name for thread in threading.enumerate() if thread is not threading.main_thread()
    ]
    if threads:
        sys.exit(
            f"not serving: importing started threads ({', '.join(threads)}), and "
            f"forking a process with threads is unsafe"
        )
    profiles = get_current_settings().profiles_path
    serve(WarmWorker(home), Identity.here(api_url, [profiles]), _run)


def _run(channel: Channel, request: dict[str, Any], fds: list[int]) -> NoReturn:
    """A forked child: become the command line's process and run its command."""
    adopt(channel, request, fds)
    from prefect.context import refresh_global_settings_context

    # Prefect's settings as the command line's process would have them on importing it:
    # its environment (Prefect's part of it is the worker's), pointed at the local server
    # as `qatron run` does, and its folder's settings files, read anew when it has some
    os.environ.update(run_prefect_environ(os.environ, request["api_url"]))
    if _settings_files(Path.cwd()):
        refresh_global_settings_context()
    if request.get("kind") == ENGINE:
        _engine()
    from qatron.cli.entry import main as command_line
    from qatron.console import renew

    renew()
    try:
        command_line()
    except SystemExit as exc:
        exit_early(_code(exc.code))
        raise
    raise SystemExit(0)


def _engine() -> NoReturn:
    """Prefect's engine for the flow run a work pool's worker was given, as ``python -m
    prefect.engine`` runs it (its flow-run id in ``argv`` or PREFECT__FLOW_RUN_ID)."""
    runpy.run_module(ENGINE, run_name="__main__", alter_sys=True)
    raise SystemExit(0)


def _settings_files(folder: Path) -> bool:
    """Whether ``folder`` has files Prefect reads its settings from."""
    if (folder / ".env").is_file() or (folder / "prefect.toml").is_file():
        return True
    try:
        return "[tool.prefect" in (folder / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def _code(code: object) -> int:
    """The exit status ``sys.exit(code)`` gives."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


if __name__ == "__main__":
    main(sys.argv[1:])
