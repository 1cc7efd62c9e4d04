"""docker services through the real environment engine, on the real Docker engine."""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from qatron.config import load_project
from qatron.drivers import docker as driver
from qatron.drivers.base import LABEL_MANAGED, LABEL_OWNER, LABEL_RUN, LABEL_SERVICE, owner
from qatron.errors import InfrastructureError, ServiceStartError
from qatron.gc import LABEL_PROJECT_ID, project_id
from qatron.services import RunningEnvironment, start_environment
from tests.fixtures.docker import TEST_IMAGE, labelled
from tests.projects import write_project

WEB = "environments.local.services.web"
FETCH = """\
import sys, urllib.request
from pathlib import Path
Path(sys.argv[2]).write_bytes(urllib.request.urlopen(sys.argv[1]).read())
"""
PROBE = """\
import sys, urllib.request
urllib.request.urlopen(f"http://{sys.argv[1]}:{sys.argv[2]}/health", timeout=2)
"""


def start(root: Path, services: str, files: dict[str, str] | None = None,
          ) -> tuple[str, RunningEnvironment]:
    """Write a project whose local environment has ``services`` (YAML) and start it."""
    write_project(root, f"""
        project: dockered
        environments:
          local:
            services:
        {services}
        suites: {{all: {{}}}}
    """, files or {})
    tag = secrets.token_hex(4)
    return tag, start_environment(load_project(root), "local", root / "run", run_tag=tag)


def failing(root: Path, services: str) -> tuple[str, pytest.ExceptionInfo[Exception]]:
    """Start a project that must fail; return its run tag and the error."""
    write_project(root, f"""
        project: dockered
        environments: {{local: {{services: {services}}}}}
        suites: {{all: {{}}}}
    """, {})
    tag = secrets.token_hex(4)
    with pytest.raises(InfrastructureError) as error:
        start_environment(load_project(root), "local", root / "run", run_tag=tag)
    return tag, error


def containers(client: Any, tag: str) -> list[str]:
    return [c["Id"] for c in labelled(client, f"{LABEL_RUN}={tag}")]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def test_a_container_serves_the_run_and_its_values_feed_a_later_service(
        tmp_path: Path, docker_engine: Any) -> None:
    tag, env = start(tmp_path, f"""
              app:
                command: "{{python}} fetch.py {{web.url}} {{run_dir}}/seen.txt && sleep 60"
                health_check: {{command: "test -s {{run_dir}}/seen.txt"}}
              web:
                type: docker
                image: {TEST_IMAGE}
                ports: {{8080: auto}}
                env: {{GREETING: "hello from {{run_dir}}"}}
                health_check: "{{url}}/health"
    """, {"fetch.py": FETCH})
    try:
        web = env.fixture_data()["services"]["web"]
        assert web["url"] == f"http://127.0.0.1:{web['port']}" and web["host"] == "127.0.0.1"
        assert web["port.8080"] == web["port"]
        container = docker_engine.containers.get(web["container"])
        assert container.id == web["id"] and container.status == "running"
        assert container.name == f"qatron-{tag}-web"
        assert container.labels[LABEL_MANAGED] == "true"
        assert (container.labels[LABEL_OWNER], container.labels[LABEL_SERVICE]) == (owner(), "web")
        assert container.labels[LABEL_PROJECT_ID] == project_id(tmp_path)
        greeting = f"hello from {tmp_path / 'run'}"
        assert get(web["url"] + "/") == greeting
        assert (tmp_path / "run" / "seen.txt").read_text() == greeting  # app started after web
    finally:
        assert env.stop() == []
    assert containers(docker_engine, tag) == []
    log = (tmp_path / "run" / "logs" / "service-web.log").read_text()
    assert "serving on port 8080" in log and '"GET /health HTTP/1.1" 200' in log
    env.services["web"].stop()  # twice is fine


def test_without_a_health_check_it_waits_for_the_server_in_the_container(
        tmp_path: Path, docker_engine: Any) -> None:
    slow = '["sh", "-c", "sleep 1.5; exec python3 /opt/serve.py"]'
    tag, env = start(tmp_path, f"""
              plain: {{type: docker, image: {TEST_IMAGE}, ports: {{8080: auto}}, command: {slow}}}
              probed:
                type: docker
                image: {TEST_IMAGE}
                ports: {{8080: auto}}
                command: {slow}
                health_check: {{command: "{{python}} {tmp_path}/probe.py {{host}} {{port.8080}}"}}
    """, {"probe.py": PROBE})
    try:
        for name in ("plain", "probed"):
            assert get(env.fixture_data()["services"][name]["url"] + "/health") == "ok"
    finally:
        env.stop()
    assert containers(docker_engine, tag) == []


def test_a_missing_image_is_a_clear_error_and_leaves_nothing(
        tmp_path: Path, docker_engine: Any) -> None:
    tag, error = failing(tmp_path, "{web: {type: docker, image: 'qatron-missing:nope'}}")
    message = str(error.value)
    assert f"{WEB}.image: image 'qatron-missing:nope' is not on the Docker engine" in message
    assert "build it" in message and "pull it" in message
    assert containers(docker_engine, tag) == []


def test_a_container_that_exits_at_once_fails_with_its_output(
        tmp_path: Path, docker_engine: Any) -> None:
    command = """[python3, -c, "import sys; print('no DATABASE_URL given'); sys.exit(3)"]"""
    tag, error = failing(tmp_path, f"""{{web: {{type: docker, image: {TEST_IMAGE},
                         ports: {{8080: auto}}, command: {command},
                         health_check: "{{url}}/health"}}}}""")
    assert isinstance(error.value, ServiceStartError)
    assert "exited with code 3" in error.value.reason
    assert "no DATABASE_URL given" in error.value.log_tail
    assert containers(docker_engine, tag) == []


def test_a_failing_health_check_times_out_and_removes_the_container(
        tmp_path: Path, docker_engine: Any) -> None:
    tag, error = failing(tmp_path, f"""{{web: {{type: docker, image: {TEST_IMAGE},
                         ports: {{8080: auto}}, health_check: "{{url}}/missing",
                         startup_timeout: 2}}}}""")
    assert isinstance(error.value, ServiceStartError)
    assert "/missing' did not pass within 2 s" in error.value.reason
    assert "GET /missing" in error.value.log_tail  # the container's output
    assert containers(docker_engine, tag) == []


def test_a_fixed_port_in_use_is_named(tmp_path: Path, docker_engine: Any) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        tag, error = failing(tmp_path, f"{{web: {{type: docker, image: {TEST_IMAGE}, "
                                       f"ports: {{8080: {port}}}}}}}")
    assert f"{WEB}.ports.8080: port {port} on 127.0.0.1 is already in use" in str(error.value)
    assert containers(docker_engine, tag) == []


def test_no_engine_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent.sock")
    _, error = failing(tmp_path, f"{{web: {{type: docker, image: {TEST_IMAGE}}}}}")
    message = str(error.value)
    assert message.startswith(f"{WEB}: no Docker engine answers at unix:///nonexistent.sock")
    assert "`make docker`" in message and "DOCKER_HOST" in message
    with pytest.raises(InfrastructureError, match="nonexistent.sock"):
        driver.find_orphans()


def test_orphans_are_containers_of_dead_owners(docker_engine: Any) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    made = {}
    for who, label in (("dead", f"{socket.gethostname()}:{dead}"), ("live", owner())):
        made[who] = docker_engine.containers.run(
            TEST_IMAGE, detach=True, name=f"qatron-orphan-test-{secrets.token_hex(3)}-{who}",
            labels={LABEL_MANAGED: "true", LABEL_OWNER: label})
    try:
        orphans = {o.name: o for o in driver.find_orphans()}
        assert made["dead"].name in orphans and made["live"].name not in orphans
        assert orphans[made["dead"].name].kind == "container"
        assert made["live"].name in {o.name for o in driver.all_managed()}
        orphans[made["dead"].name].remove()
        orphans[made["dead"].name].remove()  # already gone is fine
        assert made["dead"].name not in {o.name for o in driver.all_managed()}
    finally:
        for container in made.values():
            driver.remove(container, stop_timeout=1)
