"""A real run-suite flow run: failures analysed, stored, reported, and sent once per cluster."""

from __future__ import annotations

import json
from pathlib import Path

from flows.run_suite import run_suite
from qatron.store import ResultsStore, default_database_url
from tests.failures.test_notify import SECRET, Receiver, receiver  # noqa: F401 - fixture
from tests.projects import artifacts_of, qatron, write_project

TESTS = '''\
import socket, uuid
import requests

def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

def test_orders_api():
    requests.get(f"http://127.0.0.1:{closed_port()}/orders/{uuid.uuid4()}", timeout=2)

def test_users_api():
    requests.get(f"http://127.0.0.1:{closed_port()}/users/{uuid.uuid4()}", timeout=2)

def test_totals():
    assert 2 + 2 == 5

def test_fine():
    pass
'''


def test_a_runs_failures_are_analysed_stored_reported_and_notified_once(
        tmp_path: Path, prefect_api_url: str, receiver: Receiver) -> None:  # noqa: F811
    project = write_project(tmp_path / "p", f"""
        project: analysed
        suites: {{all: {{}}}}
        failure_analysis:
          routing: {{network: platform}}
          notify:
            platform: {{webhook: "{receiver.url}", secret_env: QATRON_TEST_WEBHOOK_SECRET}}
    """, {"tests/test_shop.py": TESTS, "CODEOWNERS": "tests/ @shop-team\n"})
    state = run_suite(suite="all", project=str(project), return_state=True)
    assert state.is_failed()
    with ResultsStore(default_database_url(project)) as store:
        run = store.list_runs()[0]
        analysis = store.failure_analysis(run.id)
        notified = store.notified(run.id)
    by_test = {f["nodeid"]: f for f in analysis.failures}
    assert {k.rsplit("::", 1)[1]: (v["category"], v["team"]) for k, v in by_test.items()} == {
        "test_orders_api": ("upstream_unreachable", "platform"),
        "test_users_api": ("upstream_unreachable", "platform"),
        "test_totals": ("wrong_behaviour", "shop-team")}
    clusters = analysis.clusters
    assert sorted(c["count"] for c in clusters) == [1, 2]
    # the platform team heard once, about its one cluster; the shop team has no notifier
    assert len(receiver.received) == 1
    platform = next(c for c in clusters if c["team"] == "platform")
    assert notified == [f"{platform['id']}:platform"]
    assert json.loads(receiver.received[0][1])["cluster"]["team"] == "platform"
    assert "Failures by cause" in (Path(run.run_dir) / "report.html").read_text()
    keys = [a.key for a in artifacts_of(run.flow_run_id)]
    assert f"qatron-run-{run.id}-failure-clusters" in keys

    shown = qatron("failures", str(run.id), "--project", str(project), "--json", env={})
    assert shown.returncode == 0, shown.stderr
    assert {f["category"] for f in json.loads(shown.stdout)} == {"upstream_unreachable",
                                                                 "wrong_behaviour"}
    grouped = qatron("failures", str(run.id), "--project", str(project), "--by", "team",
                     env={})
    assert "team platform — 2 failure(s)" in " ".join(grouped.stdout.split())
    junit = qatron("failures", "analyze", str(Path(run.run_dir) / "junit.xml"), "--config",
                   str(project / "qatron.yml"), "--json", env={})
    assert junit.returncode == 0, junit.stderr
    assert sorted(f["category"] for f in json.loads(junit.stdout)) == [
        "upstream_unreachable", "upstream_unreachable", "wrong_behaviour"]


def test_analyze_names_a_bad_file_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "results.xml"
    bad.write_text("<html>not junit</html>")
    done = qatron("failures", "analyze", str(bad), env={})
    assert done.returncode == 2
    assert f"{bad}: not JUnit XML" in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr


SERVICE = '''\
import http.server, os, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
        if self.path == "/die":
            os._exit(0)
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
'''
DYING = '''\
import requests

def test_a_stops_the_service(environment):
    requests.get(environment["services"]["app"]["url"] + "/die", timeout=5)

def test_b_calls_it(environment):
    requests.get(environment["services"]["app"]["url"] + "/health", timeout=5)

def test_c_checks_a_total():
    assert 2 + 2 == 5
'''


def test_a_service_that_died_during_the_run_is_named(tmp_path: Path,
                                                     prefect_api_url: str) -> None:
    project = write_project(tmp_path / "p", """
        project: dying
        environments:
          local:
            services:
              app:
                command: "{python} service.py {port}"
                health_check: "{url}/health"
        suites: {all: {shards: 1}}
    """, {"service.py": SERVICE, "tests/test_dying.py": DYING})
    run_suite(suite="all", project=str(project), return_state=True)
    with ResultsStore(default_database_url(project)) as store:
        analysis = store.failure_analysis(store.list_runs()[0].id)
    by_test = {f["nodeid"].rsplit("::", 1)[1]: f for f in analysis.failures}
    assert set(by_test) == {"test_b_calls_it", "test_c_checks_a_total"}
    assert by_test["test_b_calls_it"]["category"] == "upstream_unreachable"
    assert by_test["test_b_calls_it"]["suggestion"].startswith(
        "service app failed its health check")
    assert by_test["test_c_checks_a_total"]["category"] == "upstream_unreachable"
    assert "service app failed its health check" in by_test["test_c_checks_a_total"]["evidence"]
