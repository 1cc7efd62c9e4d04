"""Which tests need a real part: markers derived from what a test uses, never by hand.

    pytest -m "not slow"          # the fast tier (`make test-fast`): no server, no engine
    pytest -m "server"            # only the tests that talk to a real Prefect server

A test gets a part's marker when it (or a fixture it uses, however indirectly) asks
for that part's session fixture, when it lives in a folder whose every test runs
flows on a server, or when it (or a helper it calls) starts ``qatron run`` or a
Prefect server of its own. Each of those markers also adds ``slow``; a test that is
slow for no such reason is marked ``@pytest.mark.slow`` where it is defined.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: The umbrella marker: everything ``make test-fast`` leaves out.
SLOW = "slow"
#: A part's marker, for each session fixture that starts the part.
PART_FIXTURES = {
    "prefect_api_url": "server",
    "prefect_pg_api_url": "server",
    "postgres_server": "postgres",
    "docker_engine": "docker",
    "s3_endpoint": "s3",
}
#: Folders (under tests/) whose every test runs flows against the session's server.
SERVER_FOLDERS = ("flows", "faults")
#: The parts' markers (registered, with their help, in pyproject.toml).
PARTS = frozenset({"server", "postgres", "docker", "s3", "browser"})
_TESTS = Path(__file__).resolve().parent


def mark_parts(items: list[pytest.Item]) -> None:
    """Give each test the markers of the real parts it needs, and ``slow`` with them."""
    for item in items:
        parts = parts_needed(item)
        for part in sorted(parts - {m.name for m in item.iter_markers()}):
            item.add_marker(part)
        if parts or any(m.name in PARTS for m in item.iter_markers()):
            item.add_marker(SLOW)


def parts_needed(item: pytest.Item) -> set[str]:
    """The markers ``item`` needs from its fixtures, its folder and the helpers it calls."""
    fixtures = set(getattr(item, "fixturenames", ()))
    parts = {part for name, part in PART_FIXTURES.items() if name in fixtures}
    if _folder(item) in SERVER_FOLDERS or any(_starts_server(f) for f in _functions(item)):
        parts.add("server")
    return parts


def _folder(item: pytest.Item) -> str | None:
    try:
        return item.path.resolve().relative_to(_TESTS).parts[0]
    except (ValueError, IndexError):
        return None


def _functions(item: pytest.Item) -> Iterator[types.FunctionType]:
    """The test function and the functions of the fixtures it uses."""
    function = getattr(item, "function", None)
    if isinstance(function, types.FunctionType):
        yield function
    info = getattr(item, "_fixtureinfo", None)
    for definitions in (info.name2fixturedefs.values() if info else ()):
        for definition in definitions:
            if isinstance(definition.func, types.FunctionType):
                yield definition.func


def _starts_server(function: types.FunctionType, seen: set[Any] | None = None) -> bool:
    """Whether ``function``, or a function of tests/ it calls, runs ``qatron run`` (or
    ``resume``) through :func:`tests.projects.qatron`, or starts a Prefect server."""
    from tests.fixtures.prefect_server import start_server
    from tests.projects import qatron

    seen = set() if seen is None else seen
    if function in seen:
        return False
    seen.add(function)
    for code in _codes(function.__code__):
        called = {name: function.__globals__.get(name) for name in code.co_names}
        if start_server in called.values():
            return True
        if qatron in called.values() and {"run", "resume"} & set(code.co_consts):
            return True
        helpers = [f for f in called.values() if isinstance(f, types.FunctionType)
                   and f.__module__.startswith("tests.")]
        if any(_starts_server(helper, seen) for helper in helpers):
            return True
    return False


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    """A code object and those nested in it (lambdas, comprehensions, inner functions)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)
