"""Each Prefect task called through ``.fn()``, on small real projects.

* ``open_ctx(project_dir, suite, environment="local")``: records a queued run and
  returns its :class:`~qatron.run.RunContext`; the one place these tests open a run.
* Outside a flow run ``get_run_logger()`` raises ``MissingContextError``; under
  Prefect's ``disable_run_logger()`` (autouse here) it returns a disabled logger, so
  a task's raw function runs without a server. Tests of tasks that create artifacts
  or start flow runs use the session's real server (``prefect_api_url``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from prefect.logging import disable_run_logger

from qatron.options import RunOptions
from qatron.run import RunContext, open_run

OpenContext = Callable[..., RunContext]


@pytest.fixture(autouse=True)
def _run_logger_disabled() -> Iterator[None]:
    with disable_run_logger():
        yield


@pytest.fixture
def open_ctx() -> OpenContext:
    """Record a queued run of ``suite`` on ``environment``; its context."""

    def open_(project_dir: Path, suite: str, environment: str = "local") -> RunContext:
        return open_run(project_dir, RunOptions(suite=suite, environment=environment))

    return open_
