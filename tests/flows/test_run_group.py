"""run-group: several suites against one environment provisioned once, on a real server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.run_group import run_group
from qatron.run import open_run
from qatron.store import ResultsStore
from tests.projects import alive, write_project

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
    """, {"service.py": SERVICE, "tests/test_app.py": TEST,
          "pytest.ini": "[pytest]\ntestpaths = tests\n"})


def test_suites_of_a_group_share_one_environment_torn_down_after_the_last(
        tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    ids = [open_run(root, suite, "local").run_id for suite in ("first", "second")]

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
    ids = [open_run(root, suite, "local").run_id for suite in ("first", "second")]

    state = run_group(suites=["first", "second"], project=str(root), run_ids=ids,
                      return_state=True)

    assert state.name == "InfraFailed"
    assert "service 'app' did not start" in state.message
    with ResultsStore(f"sqlite:///{root / '.qatron' / 'results.db'}") as store:
        assert [store.get_run(i).status for i in ids] == ["infra_failed", "infra_failed"]
