"""run-group: several suites against one environment provisioned once, on a real server."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from flows.run_group import run_group
from qatron.options import RunOptions
from qatron.run import open_run
from qatron.store import ResultsStore
from tests.projects import QATRON, alive, write_project

pytestmark = pytest.mark.usefixtures("prefect_api_url")

SERVICE = '''\
import http.server, os, sys
from pathlib import Path
with open(sys.argv[2], "a") as starts:
    starts.write(f"{os.getpid()}\\n")
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(str(os.getpid()).encode())
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
'''
TEST = '''\
import json, os, urllib.request
from pathlib import Path

def test_service_answers(environment):
    pid = urllib.request.urlopen(environment["base_url"]).read().decode()
    Path(os.environ["QATRON_SHARD"].replace("/", "-") + ".pid").write_text(pid)
    assert pid
'''

SLOW = '''\
import os, time, urllib.request
from pathlib import Path

def test_slow(environment):
    release = Path(os.environ["RELEASE"])
    for _ in range(240):  # until the test lets the jobs go (both are attached by then)
        urllib.request.urlopen(environment["base_url"]).read()
        if release.exists():
            break
        time.sleep(0.5)
'''


def project(root: Path) -> Path:
    return write_project(root, f"""
        project: grouped
        environments:
          local:
            base_url: "{{app.url}}"
            services:
              app:
                command: "{{python}} service.py {{port}} {root / 'starts.txt'}"
                health_check: "{{url}}/"
        suites:
          first: {{shards: 2}}
          second: {{shards: 1}}
          slow: {{paths: [slow_tests]}}
    """, {"service.py": SERVICE, "tests/test_app.py": TEST,
          "slow_tests/test_slow.py": SLOW, "pytest.ini": "[pytest]\ntestpaths = tests\n"})


def test_suites_of_a_group_share_one_environment_torn_down_after_the_last(
        tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    ids = [open_run(root, RunOptions(suite, "local")).run_id for suite in ("first", "second")]

    state = run_group(suites=["first", "second"], project=str(root), app_version="v1.2.3",
                      run_ids=ids, return_state=True)

    assert state.is_completed(), state.message
    starts = (root / "starts.txt").read_text().split()
    assert len(starts) == 1  # provisioned once for both suites and all three shards
    assert not alive(starts[0])  # and stopped after the last suite
    with ResultsStore(f"sqlite:///{root / '.qatron' / 'results.db'}") as store:
        records = [store.get_run(run_id) for run_id in ids]
    assert [r.status for r in records] == ["completed", "completed"]
    for record in records:
        shown = json.loads((Path(record.run_dir) / "environment.json").read_text())
        assert shown["services"]["app"]["url"].startswith("http://127.0.0.1:")


def test_a_group_whose_environment_fails_marks_every_run(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    (root / "service.py").write_text("raise SystemExit(3)\n")
    ids = [open_run(root, RunOptions(suite, "local")).run_id for suite in ("first", "second")]

    state = run_group(suites=["first", "second"], project=str(root), run_ids=ids,
                      return_state=True)

    assert state.name == "InfraFailed"
    assert "service 'app' did not start" in state.message
    with ResultsStore(f"sqlite:///{root / '.qatron' / 'results.db'}") as store:
        assert [store.get_run(i).status for i in ids] == ["infra_failed", "infra_failed"]


def test_separate_jobs_for_one_app_version_share_its_environment(
        tmp_path: Path, prefect_api_url: str) -> None:
    root = project(tmp_path / "p")
    release = tmp_path / "release"
    env = {**os.environ, "PREFECT_API_URL": prefect_api_url,
           "QATRON_SHARED_DIR": str(tmp_path / "shared"), "RELEASE": str(release)}
    command = [str(QATRON), "run", "--project", str(root), "--suite", "slow",
               "--app-version", "v7", "--json"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    starts = root / "starts.txt"
    deadline = time.monotonic() + 120
    while not (starts.exists() and starts.read_text().strip()):
        assert time.monotonic() < deadline and first.poll() is None, first.communicate()
        time.sleep(0.2)
    second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    store_url = f"sqlite:///{root / '.qatron' / 'results.db'}"
    while True:  # the second job is running its tests: it attached (or provisioned) by now
        assert time.monotonic() < deadline + 120 and second.poll() is None, second.communicate()
        with ResultsStore(store_url) as store:
            runs = store.list_runs(project="grouped")
        if len(runs) == 2 and all(r.status == "running" for r in runs):
            break
        time.sleep(0.5)
    release.touch()
    outs = [job.communicate(timeout=300) for job in (first, second)]

    assert [job.returncode for job in (first, second)] == [0, 0], outs
    pids = starts.read_text().split()
    assert len(pids) == 1  # the second job attached to the first one's environment
    assert not alive(pids[0])  # torn down after the last job
    assert [json.loads(out)["status"] for out, _ in outs] == ["completed", "completed"]
    assert not list((tmp_path / "shared").glob("*.json"))
