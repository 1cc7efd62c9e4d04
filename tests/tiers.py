"""Which tests need a real part or take seconds: markers derived from what a test uses.

    pytest -m "not slow"          # the fast tier (`make test-fast`)
    pytest -m "server"            # only the tests that talk to a real Prefect server

A test gets a part's marker (``server``, ``postgres``, ``docker``, ``s3``) when it,
or a fixture it uses however indirectly, asks for that part's session fixture; when
it lives in a folder whose every test runs flows on a server; or when it, or a helper
of tests/ it calls, starts ``qatron run`` or a Prefect server of its own. Each of
those markers adds ``slow``; so does starting a Python process (``sys.executable``,
multiprocessing, the ``qatron`` command, a pytest run of a suite), importing Great
Expectations (about ten seconds), being a Hypothesis property or raising its own
timeout to minutes. A test slow for another reason says so itself (``@pytest.mark.slow``).
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path

import pytest

#: The umbrella marker: everything ``make test-fast`` leaves out.
SLOW = "slow"
#: A part's marker, for each session fixture that starts the part.
PART_FIXTURES = {
    "prefect_api_url": "server",
    "prefect_pg_api_url": "server",
    "prefect_auth_api_url": "server",
    "postgres_server": "postgres",
    "docker_engine": "docker",
    "s3_endpoint": "s3",
    "qatron_browser_pool": "browser",  # the plugin's, behind the `driver` fixture
}
#: Folders (under tests/) whose every test runs flows against the session's server.
SERVER_FOLDERS = ("flows", "faults")
#: Functions, methods and tasks (called by name, as ``f()``, ``obj.f()`` or ``f.fn()``) that
#: start a pytest process of a suite, or import Great Expectations (about ten seconds).
SLOW_CALLS = frozenset({"execute_shard", "collect_tests", "prefetch_collection",
                        "run_local_shard", "collect_suite", "coverage_prefix",
                        "validate_dataset", "refresh_dataset", "gx_classes", "to_gx"})
#: Module attributes that start a Python process: a second or more with pytest or QAtron.
PYTHON_STARTERS = (("sys", "executable"), ("multiprocessing", "get_context"),
                   ("multiprocessing", "Process"))
#: A ``@pytest.mark.timeout`` of at least this many seconds: a test known to take long.
LONG_TIMEOUT = 300
#: The parts' markers (registered, with their help, in pyproject.toml).
PARTS = frozenset({"server", "postgres", "docker", "s3", "browser"})
_TESTS = Path(__file__).resolve().parent


def mark_tests(items: list[pytest.Item]) -> None:
    """Give each test the markers of the real parts it needs, and ``slow`` with them."""
    for item in items:
        present = {marker.name for marker in item.iter_markers()}
        needed = markers_needed(item)
        if needed or present & PARTS:
            needed.add(SLOW)
        for name in sorted(needed - present):
            item.add_marker(name)


def markers_needed(item: pytest.Item) -> set[str]:
    """The markers ``item`` needs from its fixtures, its folder and the helpers it calls."""
    fixtures = set(getattr(item, "fixturenames", ()))
    needed = {part for name, part in PART_FIXTURES.items() if name in fixtures}
    if _folder(item) in SERVER_FOLDERS:
        needed.add("server")
    for function in _functions(item):
        needed |= _calls(function)
    if getattr(getattr(item, "function", None), "is_hypothesis_test", False):
        needed.add(SLOW)  # a property: a hundred examples by default
    timeout = item.get_closest_marker("timeout")
    if timeout and timeout.args and float(timeout.args[0]) >= LONG_TIMEOUT:
        needed.add(SLOW)  # its author expects it to take long
    return needed


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


def _calls(function: types.FunctionType, seen: set[types.FunctionType] | None = None
           ) -> set[str]:
    """The markers of the helpers ``function`` calls, itself or through functions of tests/."""
    from tests.fixtures.prefect_server import start_server
    from tests.projects import QATRON, qatron

    seen = set() if seen is None else seen
    if function in seen:
        return set()
    seen.add(function)
    found: set[str] = set()
    for code in _codes(function.__code__):
        called = [function.__globals__.get(name) for name in code.co_names]
        if any(value is start_server for value in called):
            found.add("server")
        if any(value is qatron for value in called):
            found |= {SLOW, "server"} if {"run", "resume"} & set(code.co_consts) else {SLOW}
        if SLOW_CALLS & set(code.co_names) or any(value is QATRON for value in called):
            found.add(SLOW)
        if any(_uses(function, code, module, name) for module, name in PYTHON_STARTERS):
            found.add(SLOW)
        for helper in called:
            if isinstance(helper, types.FunctionType) and helper.__module__.startswith("tests."):
                found |= _calls(helper, seen)
    return found


def _uses(function: types.FunctionType, code: types.CodeType, module: str, name: str) -> bool:
    """Whether ``code`` reads ``module.name`` (the module under its own name)."""
    found = function.__globals__.get(module)
    return isinstance(found, types.ModuleType) and found.__name__ == module and \
        {module, name} <= set(code.co_names)


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    """A code object and those nested in it (lambdas, comprehensions, inner functions)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)
