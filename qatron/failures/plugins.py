"""pytest plugins a test suite needs, known by the fixtures and markers they provide.

A suite run where a plugin is not installed fails at setup with "fixture 'mocker' not
found", or at collection with "'asyncio' not found in `markers` configuration option"
under ``--strict-markers``: a dependency missing from the environment, not a mistake of
the test code, as a fixture or marker of the project's own that is not there would be.
"""

from __future__ import annotations

import re

#: Fixtures by the plugin (its package on PyPI) that provides them; names a project's own
#: fixtures often have too (``page``, ``settings``, ``client``) are left out.
_FIXTURES: dict[str, tuple[str, ...]] = {
    "pytest-mock": ("mocker", "class_mocker", "module_mocker", "package_mocker",
                    "session_mocker"),
    "pytest-benchmark": ("benchmark", "benchmark_weave"),
    "pytest-freezer": ("freezer",),
    "pytest-httpx": ("httpx_mock",),
    "requests-mock": ("requests_mock",),
    "respx": ("respx_mock",),
    "pytest-httpserver": ("httpserver", "httpserver_listen_address"),
    "pytest-asyncio": ("event_loop", "event_loop_policy", "unused_tcp_port",
                       "unused_tcp_port_factory"),
    "pytest-aiohttp": ("aiohttp_client", "aiohttp_server", "aiohttp_raw_server"),
    "pytest-django": ("django_db_setup", "django_user_model", "admin_client", "admin_user",
                      "django_assert_num_queries", "django_db_blocker"),
    "Faker": ("faker",),
    "syrupy": ("snapshot",),
    "pytest-datadir": ("datadir", "shared_datadir", "original_datadir"),
    "pytest-subtests": ("subtests",),
    "pytest-xprocess": ("xprocess",),
    "pytest-docker": ("docker_services", "docker_ip", "docker_compose_file"),
    "pytest-postgresql": ("postgresql", "postgresql_proc"),
    "pytest-redis": ("redisdb", "redis_proc"),
    "pytest-playwright": ("browser_context_args", "browser_type_launch_args"),
    "pytest-selenium": ("selenium",),
    "pytest-celery": ("celery_app", "celery_worker"),
    "pytest-localserver": ("httpserver", "smtpserver"),
    "time-machine": ("time_machine",),
}
#: Markers by the plugin that registers them.
_MARKERS: dict[str, tuple[str, ...]] = {
    "pytest-asyncio": ("asyncio",),
    "pytest-django": ("django_db", "urls", "ignore_template_errors"),
    "pytest-benchmark": ("benchmark",),
    "pytest-timeout": ("timeout",),
    "pytest-rerunfailures": ("flaky",),
    "pytest-recording": ("vcr", "block_network", "default_cassette"),
    "pytest-freezer": ("freeze_time",),
    "pytest-httpx": ("httpx_mock",),
    "respx": ("respx",),
    "pytest-order": ("order",),
    "pytest-dependency": ("dependency",),
    "pytest-xdist": ("xdist_group",),
    "pytest-forked": ("forked",),
    "pytest-repeat": ("repeat",),
    "anyio": ("anyio",),
    "pytest-trio": ("trio",),
    "pytest-randomly": ("randomly_seed",),
    "pytest-env": ("env",),
}
_BY_FIXTURE = {fixture: plugin for plugin, names in _FIXTURES.items() for fixture in names}
_BY_MARKER = {marker: plugin for plugin, names in _MARKERS.items() for marker in names}
_MISSING_FIXTURE = re.compile(r"fixture '(\w+)' not found")
_AVAILABLE = re.compile(r"available fixtures: ([^\n]*)")
_MISSING_MARKER = re.compile(r"'(\w+)' not found in `markers` configuration option")


def missing_plugin(text: str) -> tuple[str, str] | None:
    """The plugin that provides a fixture or marker ``text`` says was not found, and what
    was not found (``("pytest-mock", "fixture 'mocker'")``); None where none is known."""
    if "not found" not in text:
        return None
    fixture = _MISSING_FIXTURE.search(text)
    plugin = _BY_FIXTURE.get(fixture.group(1), "") if fixture else ""
    if fixture and plugin:
        available = _AVAILABLE.search(text)
        there = set(re.findall(r"\w+", available.group(1))) if available else set()
        if not there & set(_FIXTURES[plugin]):  # else the plugin is installed
            return plugin, f"fixture '{fixture.group(1)}'"
    marker = _MISSING_MARKER.search(text)
    if marker and marker.group(1) in _BY_MARKER:
        return _BY_MARKER[marker.group(1)], f"marker '{marker.group(1)}'"
    return None
