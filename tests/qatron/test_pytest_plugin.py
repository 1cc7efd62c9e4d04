"""QAtron's pytest plugin: shard options and the environment / api_client fixtures."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from qatron.models import Outcome
from qatron.pytest_plugin import ENVIRONMENT_FILE_VAR
from qatron.pytest_runner import read_results

pytest_plugins = ["pytester"]

FOUR_TESTS = """
    def test_a():
        pass

    def test_b():
        pass

    def test_c():
        pass

    def test_d():
        pass
"""


@pytest.fixture(autouse=True)
def no_environment_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT_FILE_VAR, raising=False)


def read_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# --- --qatron-nodeids ----------------------------------------------------------------


def test_nodeids_keeps_only_the_listed_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_four=FOUR_TESTS)
    ids = pytester.path / "ids.txt"
    ids.write_text("test_four.py::test_d\ntest_four.py::test_b\ntest_four.py::test_gone\n\n")
    result = pytester.runpytest("-v", f"--qatron-nodeids={ids}")
    result.assert_outcomes(passed=2, deselected=2)
    # Collection order, not the order of the file.
    result.stdout.fnmatch_lines(["*test_four.py::test_b PASSED*", "*test_four.py::test_d PASSED*"])
    result.stdout.no_fnmatch_line("*::test_a *")
    result.stdout.no_fnmatch_line("*::test_c *")


def test_nodeids_with_parametrized_and_class_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mixed="""
        import pytest

        class TestBasket:
            def test_add(self):
                pass

            def test_remove(self):
                pass

        @pytest.mark.parametrize("n", [1, 2, 3])
        def test_n(n):
            pass
    """)
    ids = pytester.path / "ids.txt"
    ids.write_text("test_mixed.py::TestBasket::test_remove\ntest_mixed.py::test_n[2]\n")
    result = pytester.runpytest(f"--qatron-nodeids={ids}")
    result.assert_outcomes(passed=2, deselected=3)


def test_nodeids_run_a_test_whose_id_changed_since_the_collection(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_ids="""
        import uuid
        import pytest

        @pytest.mark.parametrize("token", ["fixed", uuid.uuid4().hex, uuid.uuid4().hex])
        def test_token(token):
            pass
    """)
    collected = pytester.path / "collect.json"
    pytester.runpytest_subprocess("--collect-only", f"--qatron-collect={collected}")
    before = [t["nodeid"] for t in json.loads(collected.read_text())["tests"]]
    ids, out = pytester.path / "ids.txt", pytester.path / "results.jsonl"
    ids.write_text(f"{before[2]}\n")
    result = pytester.runpytest_subprocess("-v", f"--qatron-nodeids={ids}",
                                           f"--qatron-collected={collected}",
                                           f"--qatron-results={out}")
    result.assert_outcomes(passed=1, deselected=2)
    ran = [r for r in read_lines(out) if r["event"] == "result"]
    assert len(ran) == 1 and ran[0]["nodeid"] not in before
    assert read_lines(out)[0]["stand_ins"] == {ran[0]["nodeid"]: before[2]}
    # Without the collection, two new ids could be the listed one: nothing runs.
    pytester.runpytest_subprocess(f"--qatron-nodeids={ids}").assert_outcomes(deselected=3)


def test_without_the_options_the_plugin_is_inert(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_four=FOUR_TESTS)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)
    assert sorted(p.name for p in pytester.path.iterdir()) == ["test_four.py"]


# --- --qatron-results ----------------------------------------------------------------


def test_results_stream_one_line_per_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_stream="""
        import pytest

        @pytest.fixture
        def broken_teardown():
            yield
            raise RuntimeError("cleanup failed")

        @pytest.mark.smoke
        def test_ok():
            print("some output")

        def test_bad():
            assert "a" == "b"

        def test_teardown(broken_teardown):
            pass

        @pytest.mark.skip(reason="later")
        def test_skipped():
            pass
    """)
    out = pytester.path / "results.jsonl"
    pytester.runpytest(f"--qatron-results={out}")
    records = read_lines(out)
    assert records[0]["event"] == "collected"
    assert records[0]["count"] == 4
    assert isinstance(records[0]["pid"], int)
    assert records[-1] == {"event": "finished", "exitstatus": 1}
    assert [r["nodeid"] for r in records if r["event"] == "started"] == [
        r["nodeid"] for r in records if r["event"] == "result"]
    results = [r for r in records[1:] if r["event"] != "started"][:-1]
    assert [r["event"] for r in results] == ["result"] * 4  # one line per test, even with
    assert [r["nodeid"] for r in results] == [  # a failing teardown after a passing call
        "test_stream.py::test_ok", "test_stream.py::test_bad",
        "test_stream.py::test_teardown", "test_stream.py::test_skipped",
    ]
    assert [r["outcome"] for r in results] == ["passed", "failed", "error", "skipped"]
    assert "some output" in results[0]["output_tail"]
    assert "smoke" in results[0]["markers"]
    assert "AssertionError" in results[1]["message"] or "assert" in results[1]["message"]
    assert "cleanup failed" in results[2]["message"]
    assert results[3]["message"] == "later"
    for record in results:
        assert record["finished_at"] >= record["started_at"]
        assert record["duration"] >= 0


def test_results_survive_a_killed_process(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_dies="""
        import os
        import signal

        def test_one():
            pass

        def test_two():
            assert False, "second fails"

        def test_three():
            os.kill(os.getpid(), signal.SIGKILL)

        def test_four():
            pass
    """)
    out = pytester.path / "results.jsonl"
    result = pytester.run(sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                          f"--qatron-results={out}", "test_dies.py")
    assert result.ret == -9
    records = read_lines(out)
    assert records[0] == {"event": "collected", "count": 4, "pid": records[0]["pid"],
                          "stand_ins": {}}
    assert [(r["nodeid"], r["outcome"]) for r in records if r["event"] == "result"] == [
        ("test_dies.py::test_one", "passed"),
        ("test_dies.py::test_two", "failed"),
    ]
    assert records[-1] == {"event": "started", "nodeid": "test_dies.py::test_three"}
    # A process killed in the middle of a write leaves a torn last line: ignored.
    with out.open("a") as handle:
        handle.write('{"event": "result", "nodeid": "test_dies.py::test_th')
    results = read_results(out, shard_index=3)
    assert [(r.nodeid, r.outcome) for r in results] == [
        ("test_dies.py::test_one", Outcome.PASSED),
        ("test_dies.py::test_two", Outcome.FAILED),
    ]
    assert results[1].message == "AssertionError: second fails"
    assert all(r.shard_index == 3 for r in results)


def test_read_results_of_a_missing_file(tmp_path: Path) -> None:
    assert read_results(tmp_path / "never-written.jsonl") == []


# --- --qatron-collect ----------------------------------------------------------------


def test_collect_writes_rootdir_and_tests_with_markers(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nmarkers =\n    smoke: s\n    api: a\n    slow: s\n")
    pytester.makepyfile(test_marked="""
        import pytest

        pytestmark = pytest.mark.api

        @pytest.mark.smoke
        def test_one():
            pass

        @pytest.mark.slow
        class TestGroup:
            @pytest.mark.smoke
            def test_two(self):
                pass

        @pytest.mark.parametrize("x", [1, 2])
        def test_three(x):
            pass
    """)
    out = pytester.path / "collect.json"
    result = pytester.runpytest("--collect-only", f"--qatron-collect={out}", "-m", "smoke or slow")
    assert result.ret == 0
    data = json.loads(out.read_text())
    assert data["rootdir"] == str(pytester.path)
    assert data["tests"] == [
        {"nodeid": "test_marked.py::test_one", "markers": ["api", "smoke"]},
        {"nodeid": "test_marked.py::TestGroup::test_two", "markers": ["api", "slow", "smoke"]},
    ]
    pytester.runpytest("--collect-only", f"--qatron-collect={out}")
    nodeids = [t["nodeid"] for t in json.loads(out.read_text())["tests"]]
    assert nodeids[-2:] == ["test_marked.py::test_three[1]", "test_marked.py::test_three[2]"]
    assert json.loads(out.read_text())["tests"][-1]["markers"] == ["api", "parametrize"]


# --- the environment and api_client fixtures -----------------------------------------


ENVIRONMENT_TEST = """
    def test_env(environment):
        assert environment["name"] == "staging"
        assert environment["services"]["db"]["port"] == 5432
        assert environment["currency"] == "EUR"
"""


def test_environment_fixture_reads_the_file(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pytester.path / "env.json"
    path.write_text(json.dumps({"name": "staging", "currency": "EUR", "base_url": None,
                                "api_url": None, "services": {"db": {"port": 5432}}}))
    monkeypatch.setenv(ENVIRONMENT_FILE_VAR, str(path))
    pytester.makepyfile(test_env=ENVIRONMENT_TEST)
    pytester.runpytest().assert_outcomes(passed=1)


def test_environment_fixture_without_a_run_fails_clearly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_env=ENVIRONMENT_TEST)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([
        "*The 'environment' fixture needs a QAtron run: run these tests with "
        "`qatron run --suite SUITE --env ENV`, or set QATRON_ENVIRONMENT_FILE to a JSON "
        "file describing the environment.*",
    ])
    result.stdout.no_fnmatch_line("*def environment*")  # no traceback into the plugin


def test_environment_fixture_with_an_unreadable_file(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pytester.path / "env.json"
    path.write_text("{not json")
    monkeypatch.setenv(ENVIRONMENT_FILE_VAR, str(path))
    pytester.makepyfile(test_env=ENVIRONMENT_TEST)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*QATRON_ENVIRONMENT_FILE={path}: cannot read it (*"])


class ItemsHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        status, body = (200, {"items": [1, 2], "auth": self.headers.get("Authorization")}) \
            if self.path == "/api/items" else (404, {"detail": f"no {self.path}"})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def api_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ItemsHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_api_client_fixture_talks_to_the_api_url(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, api_server: str
) -> None:
    path = pytester.path / "env.json"
    path.write_text(json.dumps({"name": "local", "api_url": f"{api_server}/api/",
                                "services": {}}))
    monkeypatch.setenv(ENVIRONMENT_FILE_VAR, str(path))
    pytester.makepyfile(test_api=f"""
        from qatron.api_client import APIClient

        def test_items(api_client):
            assert isinstance(api_client, APIClient)
            assert api_client.base_url == "{api_server}/api"
            response = api_client.get("/items")
            assert response.status_code == 200
            assert response.json() == {{"items": [1, 2], "auth": None}}

        def test_missing(api_client):
            response = api_client.get("nothing")
            assert response.status_code == 404
            assert response.json() == {{"detail": "no /api/nothing"}}
    """)
    pytester.runpytest().assert_outcomes(passed=2)


def test_api_client_fixture_without_api_url(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pytester.path / "env.json"
    path.write_text(json.dumps({"name": "ci", "api_url": None, "services": {}}))
    monkeypatch.setenv(ENVIRONMENT_FILE_VAR, str(path))
    pytester.makepyfile(test_api="def test_x(api_client):\n    pass\n")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*environment 'ci' has no api_url: set one in qatron.yml*"])
