"""Crash recovery: kill the process running a flow, then resume the run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from qatron.store import ResultsStore
from tests.projects import QATRON, alive, write_project

TESTS = {
    f"tests/test_{name}.py": f'''\
import os, time
from pathlib import Path

def test_{name}():
    with open(os.environ["RAN_LOG"], "a") as log:
        log.write("{name}\\n")
    time.sleep({delay})
'''
    for name, delay in (("quick_a", 0), ("quick_b", 0), ("slow", 600))
}
SERVICE = '''\
import http.server, os, sys
Path = __import__("pathlib").Path
Path(sys.argv[2]).open("a").write(f"{os.getpid()}\\n")
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers()
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
'''


def test_a_killed_run_resumes_without_rerunning_its_finished_shards(
        tmp_path: Path, prefect_api_url: str) -> None:
    root = write_project(tmp_path / "p", f"""
        project: crashy
        environments:
          local:
            services:
              app:
                command: "{{python}} service.py {{port}} {tmp_path / 'services.txt'}"
                health_check: "{{url}}/"
        suites:
          all: {{shards: 2, sharding: history}}  # fixed shards: one finishes first
    """, {**TESTS, "service.py": SERVICE, "pytest.ini": "[pytest]\ntestpaths = tests\n"})
    ran = tmp_path / "ran.txt"
    env = {**os.environ, "PREFECT_API_URL": prefect_api_url, "RAN_LOG": str(ran)}
    first = subprocess.Popen([str(QATRON), "run", "--project", str(root), "--suite", "all",
                              "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    store_url = f"sqlite:///{root / '.qatron' / 'results.db'}"
    deadline = time.monotonic() + 180
    while True:  # wait until one shard has finished and the slow test is running
        assert time.monotonic() < deadline and first.poll() is None, first.communicate()
        if ran.exists() and "slow" in ran.read_text() and (root / ".qatron").exists():
            with ResultsStore(store_url) as store:
                summary = store.load_summary(1)
            passed = [s for s in summary.shards if s.status.value == "passed"] if summary else []
            if passed:
                break
        time.sleep(0.5)
    os.killpg(first.pid, signal.SIGKILL)  # the flow process and its shard processes
    first.wait()
    service_pid = (tmp_path / "services.txt").read_text().split()[0]
    time.sleep(1)
    assert not alive(service_pid)  # services die with the flow process
    with ResultsStore(store_url) as store:
        assert store.get_run(1).status == "running"
    before = ran.read_text().split()
    (root / "tests" / "test_slow.py").write_text(
        TESTS["tests/test_slow.py"].replace("time.sleep(600)", "time.sleep(0)"))

    done = subprocess.run([str(QATRON), "resume", "1", "--project", str(root), "--json"],
                          env=env, capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["status"] == "completed"
    again = ran.read_text().split()[len(before):]
    finished_tests = {nodeid.split("::test_")[1] for nodeid in passed[0].nodeids}
    assert finished_tests and "slow" not in finished_tests
    assert "slow" in again and not finished_tests & set(again)  # finished shard not rerun
    with ResultsStore(store_url) as store:
        summary = store.load_summary(1)
    assert sorted(r.nodeid.split("::")[1] for r in summary.results) == [
        "test_quick_a", "test_quick_b", "test_slow"]
    assert len((tmp_path / "services.txt").read_text().split()) == 2  # provisioned afresh


def test_a_run_that_ended_cannot_be_resumed(tmp_path: Path, prefect_api_url: str) -> None:
    root = write_project(tmp_path / "p", "project: done\nsuites: {all: {}}\n",
                         {"tests/test_ok.py": "def test_ok():\n    pass\n"})
    env = {**os.environ, "PREFECT_API_URL": prefect_api_url}
    first = subprocess.run([str(QATRON), "run", "--project", str(root), "--suite", "all"],
                           env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    again = subprocess.run([str(QATRON), "resume", "1", "--project", str(root)], env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 2
    assert "run 1 already ended (completed); start a new one with `qatron run" in again.stderr
    assert "Traceback" not in again.stderr
