"""A run's lifecycle under faults: signals in teardown, a locked store, unexpected errors."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client

from flows.run_suite import run_suite
from qatron.errors import StoreError
from qatron.options import RunOptions
from qatron.run import open_run
from qatron.store import ResultsStore
from tests.projects import QATRON, processes_with, write_project

pytestmark = pytest.mark.usefixtures("prefect_api_url")

#: A service that shrugs off SIGTERM (only SIGKILL stops it); it notes the SIGTERM.
STUBBORN = '''\
import http.server, signal, sys
from pathlib import Path
port, notes = int(sys.argv[1]), Path(sys.argv[2])
def note(*_):
    with notes.open("a") as f:
        f.write("sigterm\\n")
signal.signal(signal.SIGTERM, note)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers()
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
'''


def stubborn_project(root: Path, notes: Path, marker: str, stop_timeout: float) -> Path:
    # the `&& true` keeps a shell in front: the service is its grandchild, not its child
    return write_project(root, f"""
        project: stubborn
        environments:
          local:
            services:
              app:
                command: "{{python}} service.py {{port}} {notes} {marker} && true"
                health_check: "{{url}}/"
                stop_timeout: {stop_timeout}
        suites: {{all: {{}}}}
    """, {"service.py": STUBBORN, "tests/test_ok.py": "def test_ok():\n    pass\n"})


def execute(project: Path, suite: str = "all", **options):  # type: ignore[no-untyped-def]
    ctx = open_run(project, RunOptions(suite, "local", **options))
    state = run_suite(suite=suite, env="local", project=str(project), run_id=ctx.run_id,
                      return_state=True)
    with ResultsStore(ctx.database_url) as store:
        return state, store.get_run(ctx.run_id), store.load_summary(ctx.run_id)


def test_sigterm_during_teardown_finishes_the_teardown(tmp_path: Path, prefect_api_url: str
                                                       ) -> None:
    marker, notes = f"qatron-term-{time.time_ns()}", tmp_path / "notes.txt"
    root = stubborn_project(tmp_path / "p", notes, marker, stop_timeout=4)
    run = subprocess.Popen([str(QATRON), "run", "--project", str(root), "--suite", "all",
                            "--json"], env={**os.environ, "PREFECT_API_URL": prefect_api_url},
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (notes.exists() and "sigterm" in notes.read_text()):  # teardown has begun
        assert time.monotonic() < deadline and run.poll() is None, run.communicate()
        time.sleep(0.1)
    run.send_signal(signal.SIGTERM)
    out, err = run.communicate(timeout=120)

    assert not processes_with(marker), "teardown was cut short: the service is left running"
    assert run.returncode == 130, out + err
    assert json.loads(out)["status"] == "cancelled"


def test_a_hung_teardown_step_ends_at_the_teardown_deadline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QATRON_TEARDOWN_TIMEOUT", "3")
    marker = f"qatron-hung-{time.time_ns()}"
    root = stubborn_project(tmp_path / "p", tmp_path / "notes.txt", marker, stop_timeout=600)
    started = time.monotonic()
    state, record, _ = execute(root)

    assert time.monotonic() - started < 90
    assert record.status == "completed" and state.name == "Completed"
    time.sleep(0.5)
    assert not processes_with(marker)


def test_an_unexpected_error_ends_infra_failed_in_one_line_and_tears_down(
        tmp_path: Path) -> None:
    marker = f"qatron-odd-{time.time_ns()}"
    root = stubborn_project(tmp_path / "p", tmp_path / "notes.txt", marker, stop_timeout=1)
    ctx = open_run(root, RunOptions("all", "local"))
    (ctx.run_dir / "environment.json").mkdir()  # written once the services are up: fails
    state = run_suite(suite="all", env="local", project=str(root), run_id=ctx.run_id,
                      return_state=True)
    with ResultsStore(ctx.database_url) as store:
        record = store.get_run(ctx.run_id)

    assert record.status == "infra_failed" and state.name == "InfraFailed"
    assert record.message.startswith(
        "provisioning environment 'local' failed: IsADirectoryError: ")
    assert "\n" not in record.message and "environment.json" in record.message
    log = Path(record.run_dir) / "logs" / "qatron-errors.log"
    assert str(log) in record.message and "Traceback" in log.read_text()
    time.sleep(0.5)
    assert not processes_with(marker)
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(record.flow_run_id).state.name == "InfraFailed"


def test_a_health_check_that_never_passes_prints_no_traceback(
        tmp_path: Path, prefect_api_url: str) -> None:
    root = write_project(tmp_path / "p", """
        project: unhealthy
        environments:
          local:
            services:
              api:
                command: "{python} -c \\"import time; time.sleep(60)\\""
                health_check: "{url}/health"
                startup_timeout: 1
        suites: {all: {}}
    """, {"tests/test_x.py": "def test_x(): pass\n"})
    done = subprocess.run([str(QATRON), "run", "--project", str(root), "--suite", "all"],
                          env={**os.environ, "PREFECT_API_URL": prefect_api_url},
                          capture_output=True, text=True, timeout=300)

    assert done.returncode == 5, done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert "'api' did not start" in done.stderr


def test_a_suite_that_selects_no_tests_fails(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", """
        project: empty
        suites: {smoke: {markers: smoke}}
    """, {"tests/test_x.py": "def test_x(): pass\n",
          "pytest.ini": "[pytest]\nmarkers = smoke\n"})
    state, record, _ = execute(root, "smoke")

    assert record.status == "failed" and state.name == "Failed"
    assert record.message == "suite smoke selected no tests: check paths/tags/markers"


def test_a_store_locked_past_its_patience_keeps_the_results_for_resume(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_api_url: str) -> None:
    monkeypatch.setenv("QATRON_STORE_PATIENCE", "5")
    started = tmp_path / "started"
    root = write_project(tmp_path / "p", "project: locked\nsuites: {all: {}}\n", {
        "tests/test_many.py": f"""
            import pytest, time
            from pathlib import Path
            @pytest.mark.parametrize("n", range(12))
            def test_n(n):
                Path({str(started)!r}).touch()
                with open({str(tmp_path / "ran.txt")!r}, "a") as ran:
                    ran.write(f"{{n}}\\n")
                time.sleep(0.1 if n < 11 else 1)
        """})
    ctx = open_run(root, RunOptions("all", "local"))
    database = root / ".qatron" / "results.db"
    release, held = threading.Event(), threading.Event()

    def hold_lock() -> None:  # a second connection holding the write lock
        while not started.exists():
            time.sleep(0.05)
        connection = sqlite3.connect(database, isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        held.set()
        release.wait(600)
        connection.execute("ROLLBACK")
        connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        state = run_suite(suite="all", env="local", project=str(root), run_id=ctx.run_id,
                          return_state=True)
    finally:
        release.set()
        holder.join()
    assert held.is_set()

    assert state.name == "InfraFailed", state.message
    assert "kept in" in state.message and f"qatron resume {ctx.run_id}" in state.message
    junit = ET.parse(ctx.run_dir / "junit.xml").getroot()
    assert int(junit.get("tests")) == 12
    assert list((ctx.run_dir / "shards").glob("shard-*.result.json"))

    resumed = subprocess.run(  # as a user would: the CLI accepts a run with kept results
        [str(QATRON), "resume", str(ctx.run_id), "--project", str(root), "--json"],
        env={**os.environ, "PREFECT_API_URL": prefect_api_url}, capture_output=True,
        text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["status"] == "completed"
    assert len((tmp_path / "ran.txt").read_text().split()) == 12  # loaded, not rerun
    assert not list((ctx.run_dir / "shards").glob("shard-*.result.json"))
    with ResultsStore(ctx.database_url) as store:
        summary = store.load_summary(ctx.run_id)
    assert sorted(r.nodeid for r in summary.results) == sorted(
        f"tests/test_many.py::test_n[{n}]" for n in range(12))


def test_a_corrupt_results_database_is_a_store_error_naming_the_file(tmp_path: Path) -> None:
    database = tmp_path / "results.db"
    database.write_bytes(os.urandom(4096))

    with pytest.raises(StoreError) as raised:
        ResultsStore(f"sqlite:///{database}")

    assert str(database) in str(raised.value)
    assert "not a database" in str(raised.value) and "move the file aside" in str(raised.value)



def test_a_killed_run_is_noticed_crashed_and_its_flow_run_crashed_on_resume(
        tmp_path: Path, prefect_api_url: str) -> None:
    started = tmp_path / "started"
    slow = f"import time\nfrom pathlib import Path\ndef test_slow():\n" \
           f"    Path({str(started)!r}).touch()\n    time.sleep(600)\n"
    root = write_project(tmp_path / "p", "project: killed\nsuites: {all: {}}\n",
                         {"tests/test_slow.py": slow})
    first = subprocess.Popen([str(QATRON), "run", "--project", str(root), "--suite", "all"],
                             env={**os.environ, "PREFECT_API_URL": prefect_api_url},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    deadline = time.monotonic() + 180
    while not started.exists():
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    database = f"sqlite:///{root / '.qatron' / 'results.db'}"
    with ResultsStore(database) as store:
        killed = store.get_run(1)
    assert killed.status == "running"

    status = subprocess.run([str(QATRON), "runs", "status", "1", "--project", str(root)],
                            capture_output=True, text=True, timeout=120)
    assert json.loads(status.stdout)["status"] == "crashed"  # reading the store notices it

    with ResultsStore(database) as store:
        noticed = store.get_run(1)
    assert noticed.status == "crashed"
    assert "`qatron resume 1`" in noticed.message
    (root / "tests" / "test_slow.py").write_text(slow.replace("600", "0"))
    resumed = run_suite(suite="all", env="local", project=str(root), run_id=1, resume=True,
                        return_state=True)
    assert resumed.name == "Completed", resumed.message
    with get_client(sync_client=True) as client:
        old = client.read_flow_run(killed.flow_run_id).state
    assert old.type.value == "CRASHED" and "goes on in flow run" in old.message


@pytest.mark.parametrize("where", ["provision-task", "provision-step"])
def test_a_signal_as_provisioning_returns_still_tears_the_environment_down(
        tmp_path: Path, where: str) -> None:
    """SIGINT at the moment the provisioning task's function or the flow's provisioning
    step returns: the services are up, but the flow does not hold them yet."""
    import sys

    from flows import run_suite as run_suite_module
    from tasks.environment import provision_environment

    code = {"provision-task": provision_environment.fn.__code__,
            "provision-step": run_suite_module._provision.__code__}[where]
    marker = f"qatron-handover-{time.time_ns()}"
    root = stubborn_project(tmp_path / "p", tmp_path / "notes.txt", marker, stop_timeout=1)
    struck: list[bool] = []

    def strike(frame, event, arg):  # type: ignore[no-untyped-def]
        if event == "return" and frame.f_code is code and arg is not None:
            sys.setprofile(None)
            struck.append(bool(processes_with(marker)))
            signal.raise_signal(signal.SIGINT)

    sys.setprofile(strike)
    try:
        state, record, _ = execute(root)
    finally:
        sys.setprofile(None)

    assert struck == [True], "the signal was not delivered with the service up"
    assert record.status == "cancelled" and state.name == "Cancelled", record.message
    time.sleep(0.5)
    assert not processes_with(marker), "the environment was left behind"
