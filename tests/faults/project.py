"""One project for the whole fault matrix, whose phases wait on gate files.

Every file the project reads or writes to be steered lives in one folder of
*gates* (``FAULT_GATES`` in the environment of ``qatron run``, so services and
test processes see it):

* the service ``app`` answers ``/health`` with 503 until ``healthy`` exists
  (the run stays in provisioning), appends its pid to ``service.pids``, and on
  SIGTERM writes ``service-stopping`` and, with ``slow-stop``, takes
  :data:`STOP_SECONDS` to exit (the run stays in teardown);
* the collection (``pytest --collect-only``) writes its pid to ``collecting``
  and waits for ``collected``;
* two shards (fixed plan: shard 1 runs tests 1, 3 and 5, shard 2 tests 2 and 4)
  each report a quick passing test, then block in test 3 / test 4 (which write
  ``blocked-3`` / ``blocked-4`` holding their shard's pid) until ``release``;
* with ``flaky``, test 5 fails once and passes on its rerun: the run is
  completed, and failure analysis sends the flaky cluster to a webhook that the
  fault matrix holds open while it strikes (the run stays in reporting).

A PostgreSQL database (the session's real server) is part of every run; the
``docker`` environment adds a container of the test image.
"""

from __future__ import annotations

from pathlib import Path

from tests.projects import write_project

STOP_SECONDS = 4
TESTS = ("tests/test_work.py::test_1_quick", "tests/test_work.py::test_2_quick",
         "tests/test_work.py::test_3_blocks", "tests/test_work.py::test_4_blocks",
         "tests/test_work.py::test_5_flaky")

SERVICES = """\
      db: {{type: postgres, server: "{postgres}"}}
      app:
        command: "{{python}} {root}/service.py {{port}} {gates}"
        health_check: "{{url}}/health"
        startup_timeout: 30
        stop_timeout: 15
        env: {{DATABASE_URL: "{{db.url}}"}}
"""

QATRON_YML = """\
project: {name}
environments:
  local:
    services:
{services}  docker:
    services:
{services}      web:
        type: docker
        image: {image}
        ports: {{8080: auto}}
        health_check: "{{url}}/health"
suites:
  all: {{shards: 2, sharding: history, retries: 1, timeout: 120}}
failure_analysis:
  default_team: qa
  notify:
    qa: {{webhook: "{webhook}", timeout: 60, retries: 0}}
"""

SERVICE = f"""\
import http.server, os, signal, sys, time
from pathlib import Path

port, gates = int(sys.argv[1]), Path(sys.argv[2])
with (gates / "service.pids").open("a") as pids:
    pids.write(f"{{os.getpid()}}\\n")


def stop(signum, frame):
    (gates / "service-stopping").write_text(str(os.getpid()))
    if (gates / "slow-stop").exists():
        time.sleep({STOP_SECONDS})
    os._exit(0)


signal.signal(signal.SIGTERM, stop)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        ready = self.path != "/health" or (gates / "healthy").exists()
        self.send_response(200 if ready else 503)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        return  # no access log


http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""

CONFTEST = """\
import os, time
from pathlib import Path

GATES = Path(os.environ["FAULT_GATES"])


def pytest_collection(session):
    if session.config.option.collectonly:
        (GATES / "collecting").write_text(str(os.getpid()))
        deadline = time.monotonic() + 60
        while not (GATES / "collected").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
"""

TEST_WORK = """\
import os, time, urllib.request
from pathlib import Path

GATES = Path(os.environ["FAULT_GATES"])


def wait_for(name, limit=60):
    deadline = time.monotonic() + limit
    while not (GATES / name).exists():
        assert time.monotonic() < deadline, f"gate {name} never opened"
        time.sleep(0.05)


def reach_service(environment):
    url = environment["services"]["app"]["url"] + "/"
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200


def test_1_quick(environment):
    reach_service(environment)


def test_2_quick(environment):
    reach_service(environment)


def test_3_blocks(environment):
    (GATES / "blocked-3").write_text(str(os.getpid()))
    wait_for("release")
    reach_service(environment)


def test_4_blocks(environment):
    (GATES / "blocked-4").write_text(str(os.getpid()))
    wait_for("release")
    reach_service(environment)


def test_5_flaky():
    if (GATES / "flaky").exists() and not (GATES / "flaky-failed").exists():
        (GATES / "flaky-failed").write_text("")
        assert False, "fails on its first attempt only"
"""


def write_fault_project(root: Path, gates: Path, *, name: str, postgres: str, webhook: str,
                        image: str) -> Path:
    """The matrix's project under ``root``, steered through the folder ``gates``."""
    gates.mkdir(parents=True, exist_ok=True)
    services = SERVICES.format(postgres=postgres, root=root, gates=gates)
    config = QATRON_YML.format(name=name, services=services, webhook=webhook, image=image)
    return write_project(root, config, {
        "service.py": SERVICE, "conftest.py": CONFTEST, "tests/test_work.py": TEST_WORK,
        "pytest.ini": "[pytest]\ntestpaths = tests\n",
    })
