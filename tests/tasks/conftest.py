"""Each Prefect task called through ``.fn()``, on small real projects.

* ``open_ctx(project_dir, suite, environment="local")``: records a queued run and
  returns its :class:`~qatron.run.RunContext`; the one place these tests open a run.
* ``in_flow(call)``: ``call()`` inside a flow run on the session's real server, for
  the tasks that create artifacts (read back with ``tests.projects.artifacts_of``).

Outside a flow run ``get_run_logger()`` raises ``MissingContextError``; under
Prefect's ``disable_run_logger()`` (autouse here) it returns a disabled logger, so a
task's raw function runs without a server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from uuid import UUID

import pytest
from prefect import flow
from prefect.context import FlowRunContext
from prefect.logging import disable_run_logger

from qatron.options import RunOptions
from qatron.run import RunContext, open_run

OpenContext = Callable[..., RunContext]
T = TypeVar("T")


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


def in_flow(call: Callable[[], T]) -> tuple[T, UUID]:
    """``call()`` inside a flow run (the session's server must be up: ``prefect_api_url``);
    its result and the flow run's id."""

    @flow(name="task-under-test", persist_result=False)
    def host() -> tuple[T, UUID]:
        context = FlowRunContext.get()
        assert context is not None and context.flow_run is not None
        return call(), context.flow_run.id

    return host()
