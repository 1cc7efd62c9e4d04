"""Malformed load tests are refused when qatron.yml is read, naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.config import load_project
from qatron.errors import ConfigError
from tests.projects import write_project

BASE = """\
project: loady
environments:
  local:
    services:
      api: {command: "{python} -m http.server {port}", health_check: "{url}/"}
suites:
  all: {load_tests: [LOAD_NAME]}
load_tests:
"""
GOOD = """\
  hit:
    target: "{api.url}"
    behaviour:
      endpoints: [{path: /, weight: 2}, {path: /x, method: post, body: {a: 1}}]
    shape: {pattern: ramp_up, users: 5, duration: 3}
    criteria: {p95_ms: 500, max_error_rate: 0.01, regression: {p95_ms: 20%}}
"""


def _load(tmp_path: Path, tests: str, suite_uses: str = "hit") -> object:
    root = write_project(tmp_path / "p", BASE.replace("LOAD_NAME", suite_uses) + tests,
                         {"load/mine.py": "from locust import HttpUser\n"})
    return load_project(root)


def _error(tmp_path: Path, tests: str, suite_uses: str = "hit") -> str:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, tests, suite_uses)
    return str(caught.value)


def test_a_good_load_test_reads_with_its_defaults(tmp_path: Path) -> None:
    project = _load(tmp_path, GOOD + "  allowed_hosts: [perf.example.com]\n")
    spec = project.load_test("hit")  # type: ignore[attr-defined]
    assert spec.behaviour.endpoints[1].method == "POST"
    assert spec.behaviour.endpoints[1].label == "POST /x"
    assert spec.criteria.regression == {"p95_ms": 0.2}
    assert spec.shape.length == 3 and spec.workers == 1
    assert project.config.load_tests.allowed_hosts == ["perf.example.com"]  # type: ignore


@pytest.mark.parametrize(("edit", "expected"), [
    (("users: 5", "users: 0"),
     "load_tests.hit.shape.users: expected greater than or equal to 1; got 0"),
    (("pattern: ramp_up", "pattern: tsunami"),
     "load_tests.hit.shape.pattern: expected 'sustained', 'ramp_up', 'spike', "
     "'volume' or 'stages'; got 'tsunami'"),
    (("path: /, weight: 2", "path: nowhere, weight: 2"),
     "load_tests.hit.behaviour.endpoints.0.path"),
    (("p95_ms: 500", "p95_ms: -1"), "load_tests.hit.criteria.p95_ms"),
    (("p95_ms: 20%", "p95: 20%"), "load_tests.hit.criteria.regression"),
    (('target: "{api.url}"', 'target: "{apii.url}"'),
     "load_tests.hit.target: a URL, or a service value of environment 'local' ({api.url}"),
    (('target: "{api.url}"', 'target: "http://example.com:8080"'),
     "load_tests.hit.target: a loopback address, a service of the environment, or a host "
     "listed under load_tests.allowed_hosts; 'example.com' is none of these"),
    (('target: "{api.url}"', 'target: "ftp://127.0.0.1/"'),
     "load_tests.hit.target: an http(s) URL"),
    (("    behaviour:\n", "    locustfile: load/theirs.py\n    behaviour:\n"),
     "load_tests.hit: expected give exactly one of 'behaviour'"),
])
def test_a_wrong_value_names_its_key(tmp_path: Path, edit: tuple[str, str],
                                     expected: str) -> None:
    message = _error(tmp_path, GOOD.replace(*edit))
    assert expected in message, message
    assert "qatron.yml:" in message.split(": ")[0] + ":"


def test_a_missing_locustfile_and_an_unknown_suite_reference(tmp_path: Path) -> None:
    theirs = GOOD.replace("    behaviour:\n      endpoints: [{path: /, weight: 2}, "
                          "{path: /x, method: post, body: {a: 1}}]\n",
                          "    locustfile: load/theirs.py\n")
    assert "load_tests.hit.locustfile: a Python file inside" in _error(tmp_path, theirs)
    assert "suites.all.load_tests.0: one of the load tests (hit); got 'hti'" in _error(
        tmp_path, GOOD, suite_uses="hti")


def test_a_literal_target_on_an_allowed_host_is_accepted(tmp_path: Path) -> None:
    tests = GOOD.replace('target: "{api.url}"', 'target: "https://perf.example.com/api"')
    project = _load(tmp_path, tests + "  allowed_hosts: ['*.example.com']\n")
    assert project.load_test("hit").target == "https://perf.example.com/api"  # type: ignore
