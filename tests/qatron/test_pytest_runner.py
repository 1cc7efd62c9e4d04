"""collect_tests and execute_shard on real pytest projects in temporary folders."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from qatron.errors import ConfigError
from qatron.models import Outcome, ShardStatus, TestResult
from qatron.pytest_runner import Collection, ShardSpec, TestCommand, collect_tests, execute_shard
from qatron.queue import create_queue, units_of
from tests.projects import processes_with, write_project

PYTEST_INI = """\
[pytest]
markers =
    smoke: quick checks
    slow: long checks
"""

OUTCOMES = '''\
import sys

import pytest


@pytest.fixture
def broken_setup():
    raise RuntimeError("database is down")


@pytest.fixture
def broken_teardown():
    yield
    raise RuntimeError("could not clean up")


@pytest.mark.smoke
def test_pass():
    print("hello from test_pass")


@pytest.mark.smoke
def test_fail():
    print("debug output from test_fail")
    print("to stderr", file=sys.stderr)
    assert 1 + 1 == 3


def test_skip():
    pytest.skip("not on this platform")


@pytest.mark.xfail(reason="known bug 12")
def test_xfail():
    assert False


@pytest.mark.xfail(reason="maybe fixed")
def test_xpass():
    pass


def test_setup_error(broken_setup):
    pass


def test_teardown_error(broken_teardown):
    pass
'''

RETRIES = '''\
import os
from pathlib import Path

import pytest


@pytest.mark.slow
def test_flaky():
    counter = Path(os.environ["COUNTER_DIR"]) / "flaky"
    attempt = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(attempt))
    assert attempt >= 2, f"attempt {attempt} fails"


def test_always_fails():
    counter = Path(os.environ["COUNTER_DIR"]) / "always"
    attempt = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(attempt))
    assert False, f"broken for good (attempt {attempt})"


def test_shard_variable():
    assert os.environ["QATRON_SHARD"] == "2/3"
'''

SLOW = '''\
import os
import subprocess
import sys
import time
from pathlib import Path


def test_quick():
    pass


def test_spawns_grandchild():
    marker = os.environ["GRANDCHILD_MARKER"]
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", marker])
    Path(os.environ["COUNTER_DIR"], "grandchild.pid").write_text(str(child.pid))
    time.sleep(60)


def test_after():
    pass
'''

KILL = '''\
import os
import signal


def test_before():
    pass


def test_kill_self():
    print("about to die")
    os.kill(os.getpid(), signal.SIGKILL)


def test_after():
    pass
'''

BROKEN = "def test_broken(:\n    pass\n"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("app"), "project: app\nsuites: {all: {}}\n", {
        "pytest.ini": PYTEST_INI,
        "tests/test_outcomes.py": OUTCOMES,
        "tests/test_retries.py": RETRIES,
        "tests/test_slow.py": SLOW,
        "tests/test_kill.py": KILL,
        "broken/test_broken.py": BROKEN,
        "broken/test_fine.py": "import pytest\n\n@pytest.mark.smoke\ndef test_fine():\n    pass\n",
    })


@pytest.fixture
def marker() -> Iterator[str]:
    """A unique marker for grandchild command lines; kills any left behind after the test."""
    value = f"qatron-runner-test-{uuid.uuid4().hex[:12]}"
    yield value
    for pid in processes_with(value):  # the test asserts on leftovers; this only cleans up
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def command(app: Path, tmp_path: Path, marker: str = "", **kwargs: object) -> TestCommand:
    counters = tmp_path / "counters"
    counters.mkdir(exist_ok=True)
    env = {"COUNTER_DIR": str(counters), "GRANDCHILD_MARKER": marker}
    return TestCommand(app_dir=app, paths=kwargs.pop("paths", ["tests"]),  # type: ignore[arg-type]
                       env=env, **kwargs)  # type: ignore[arg-type]


def shard(app: Path, tmp_path: Path, nodeids: list[str], *, seconds: float = 60,
          marker: str = "", **kwargs: object) -> ShardSpec:
    return ShardSpec(index=kwargs.pop("index", 1), count=kwargs.pop("count", 1),  # type: ignore[arg-type]
                     nodeids=nodeids, run_dir=tmp_path / "run",
                     command=command(app, tmp_path, marker), rootdir=app,
                     deadline=time.monotonic() + seconds, **kwargs)  # type: ignore[arg-type]


def by_id(results: list[TestResult]) -> dict[str, TestResult]:
    return {r.nodeid.split("::")[-1]: r for r in results}


# --- collection ----------------------------------------------------------------------


def test_collect_everything_in_order_with_markers(app: Path, tmp_path: Path) -> None:
    collection = collect_tests(command(app, tmp_path), tmp_path / "run")
    assert isinstance(collection, Collection)
    assert collection.rootdir == app
    assert collection.errors == []
    assert collection.nodeids[:3] == ["tests/test_kill.py::test_before",
                                      "tests/test_kill.py::test_kill_self",
                                      "tests/test_kill.py::test_after"]
    assert "tests/test_outcomes.py::test_teardown_error" in collection.nodeids
    assert len(collection.nodeids) == 3 + 7 + 3 + 3
    assert "smoke" in collection.markers["tests/test_outcomes.py::test_pass"]
    assert "xfail" in collection.markers["tests/test_outcomes.py::test_xfail"]
    assert "slow" in collection.markers["tests/test_retries.py::test_flaky"]
    assert (tmp_path / "run" / "logs" / "collect.log").exists()


def test_collect_with_marker_expression_paths_and_collection_errors(
    app: Path, tmp_path: Path
) -> None:
    collection = collect_tests(
        command(app, tmp_path, marker_expression="smoke", paths=["tests", "broken"]),
        tmp_path / "run",
    )
    assert collection.nodeids == [
        "tests/test_outcomes.py::test_pass",
        "tests/test_outcomes.py::test_fail",
        "broken/test_fine.py::test_fine",
    ]
    assert len(collection.errors) == 1
    error = collection.errors[0]
    assert error.nodeid == "broken/test_broken.py"
    assert error.outcome is Outcome.ERROR
    assert "SyntaxError" in error.traceback
    assert error.message


def test_collect_only_the_given_paths(app: Path, tmp_path: Path) -> None:
    collection = collect_tests(command(app, tmp_path, paths=["tests/test_kill.py"]),
                               tmp_path / "run")
    assert collection.nodeids == ["tests/test_kill.py::test_before",
                                  "tests/test_kill.py::test_kill_self",
                                  "tests/test_kill.py::test_after"]


def test_rootdir_above_the_application_folder(tmp_path: Path) -> None:
    # The pytest.ini sits in the repository root, the application one folder below:
    # node ids are relative to the root, and running them from the app folder works.
    root = write_project(tmp_path / "repo", "project: x\nsuites: {all: {}}\n", {
        "pytest.ini": PYTEST_INI,
        "app/tests/test_a.py": "def test_one():\n    pass\n\ndef test_two():\n    assert 0\n",
    })
    cmd = TestCommand(app_dir=root / "app", paths=["tests"])
    collection = collect_tests(cmd, tmp_path / "run")
    assert collection.rootdir == root
    assert collection.nodeids == ["app/tests/test_a.py::test_one", "app/tests/test_a.py::test_two"]
    result = execute_shard(ShardSpec(index=1, count=1, nodeids=collection.nodeids,
                                 run_dir=tmp_path / "run", command=cmd,
                                 rootdir=collection.rootdir, deadline=time.monotonic() + 60))
    assert [(r.nodeid, r.outcome) for r in result.results] == [
        ("app/tests/test_a.py::test_one", Outcome.PASSED),
        ("app/tests/test_a.py::test_two", Outcome.FAILED),
    ]
    assert result.status is ShardStatus.FAILED


def test_bad_marker_expression_is_a_config_error(app: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        collect_tests(command(app, tmp_path, marker_expression="smoke and ("), tmp_path / "run")
    message = str(info.value)
    assert message.startswith(f"collecting the tests in {app} failed (pytest exit code 4):\n")
    assert "-m" in message and "smoke and (" in message  # pytest's own complaint, from the log


def test_usage_error_is_a_config_error_with_log_tail(app: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        collect_tests(command(app, tmp_path, extra_args=["--no-such-option"]), tmp_path / "run")
    assert "pytest exit code 4" in str(info.value)
    assert "unrecognized arguments: --no-such-option" in str(info.value)


# --- running a shard -----------------------------------------------------------------


def test_outcomes_messages_and_junit(app: Path, tmp_path: Path) -> None:
    names = ["test_pass", "test_fail", "test_skip", "test_xfail", "test_xpass",
             "test_setup_error", "test_teardown_error"]
    nodeids = [f"tests/test_outcomes.py::{name}" for name in names]
    result = execute_shard(shard(app, tmp_path, nodeids))

    assert result.status is ShardStatus.FAILED
    assert result.exit_code == 1
    assert [r.nodeid for r in result.results] == nodeids
    results = by_id(result.results)
    assert {name: r.outcome for name, r in results.items()} == {
        "test_pass": Outcome.PASSED,
        "test_fail": Outcome.FAILED,
        "test_skip": Outcome.SKIPPED,
        "test_xfail": Outcome.XFAILED,
        "test_xpass": Outcome.XPASSED,
        "test_setup_error": Outcome.ERROR,
        "test_teardown_error": Outcome.ERROR,
    }
    assert all(r.attempts == 1 and not r.flaky and r.shard_index == 1
               for r in result.results)

    failed = results["test_fail"]
    assert "assert" in failed.message and "== 3" in failed.message
    assert "def test_fail" in failed.traceback
    assert "debug output from test_fail" in failed.output_tail
    assert "to stderr" in failed.output_tail
    assert failed.started_at is not None and failed.finished_at is not None
    assert failed.finished_at >= failed.started_at
    assert "hello from test_pass" in results["test_pass"].output_tail
    assert "smoke" in results["test_pass"].markers
    assert results["test_skip"].message == "not on this platform"
    assert results["test_xfail"].message == "known bug 12"
    assert "RuntimeError: database is down" in results["test_setup_error"].message
    assert "RuntimeError: could not clean up" in results["test_teardown_error"].message
    assert result.message == "1 passed, 3 failed"  # xpassed and skipped are neither
    assert result.counts()["xpassed"] == 1

    assert result.junit_path == str(tmp_path / "run" / "shards" / "shard-1.xml")
    cases = ET.parse(result.junit_path).getroot().iter("testcase")
    assert sorted(case.get("name") for case in cases) == sorted(names)
    assert result.log_path == str(tmp_path / "run" / "logs" / "shard-1.log")
    assert Path(result.log_path).exists()
    assert result.started_at is not None and result.finished_at is not None
    assert result.duration > 0


def test_reruns_mark_flaky_and_count_attempts(app: Path, tmp_path: Path) -> None:
    nodeids = ["tests/test_retries.py::test_flaky", "tests/test_retries.py::test_always_fails",
               "tests/test_retries.py::test_shard_variable"]
    result = execute_shard(shard(app, tmp_path, nodeids, index=2, count=3, retries=2))
    results = by_id(result.results)

    flaky = results["test_flaky"]
    assert flaky.outcome is Outcome.PASSED
    assert flaky.flaky is True
    assert flaky.attempts == 2
    assert flaky.message.startswith("passed on attempt 2; attempt 1: ")
    assert "attempt 1 fails" in flaky.message
    assert "attempt 1 fails" in flaky.traceback

    always = results["test_always_fails"]
    assert always.outcome is Outcome.FAILED
    assert always.flaky is False
    assert always.attempts == 3  # retries + 1
    assert "attempt 3" in always.message

    assert results["test_shard_variable"].outcome is Outcome.PASSED
    assert results["test_shard_variable"].attempts == 1
    assert (tmp_path / "counters" / "always").read_text() == "3"
    assert result.status is ShardStatus.FAILED
    assert result.counts()["flaky"] == 1
    assert [r.nodeid for r in result.results] == nodeids

    shards_dir = tmp_path / "run" / "shards"
    assert result.junit_path == str(shards_dir / "shard-2.xml")
    for name in ("shard-2.xml", "shard-2.retry-1.xml", "shard-2.retry-2.xml"):
        assert (shards_dir / name).exists(), name
    assert not (shards_dir / "shard-2.retry-3.xml").exists()
    rerun_ids = (shards_dir / "shard-2.retry-2.nodeids").read_text().split()
    assert rerun_ids == ["tests/test_retries.py::test_always_fails"]


def test_no_rerun_without_retries(app: Path, tmp_path: Path) -> None:
    result = execute_shard(shard(app, tmp_path, ["tests/test_retries.py::test_flaky"]))
    assert result.results[0].outcome is Outcome.FAILED
    assert result.results[0].attempts == 1
    assert not list((tmp_path / "run" / "shards").glob("*retry*"))


def test_deadline_kills_the_shard_and_its_children(
    app: Path, tmp_path: Path, marker: str
) -> None:
    nodeids = ["tests/test_slow.py::test_quick", "tests/test_slow.py::test_spawns_grandchild",
               "tests/test_slow.py::test_after"]
    # The deadline must fall while the slow test runs: a loaded machine may not even have
    # started it within 4 s, so the deadline doubles until the slow test starts before it.
    for seconds in (4, 8, 16, 32):
        folder = tmp_path / f"deadline-{seconds}"
        folder.mkdir()
        started = time.monotonic()
        result = execute_shard(shard(app, folder, nodeids, seconds=seconds, marker=marker,
                                 retries=2))
        elapsed = time.monotonic() - started
        assert processes_with(marker) == []
        if (folder / "counters" / "grandchild.pid").exists():
            break
    else:
        pytest.fail("the slow test never started within 32 s")
    assert elapsed < seconds + 11  # stopped at the deadline, not when the slow test ends (60 s)

    assert result.status is ShardStatus.TIMED_OUT
    assert result.message == "stopped: the suite's timeout was reached"
    results = by_id(result.results)
    assert results["test_quick"].outcome is Outcome.PASSED
    for name in ("test_spawns_grandchild", "test_after"):
        assert results[name].outcome is Outcome.ERROR
        assert results[name].message == "the suite timed out before this test finished"
        assert results[name].shard_index == 1
    # A timed-out shard is not rerun.
    assert not list((folder / "run" / "shards").glob("*retry*"))


def test_cancel_from_another_thread_stops_quickly(
    app: Path, tmp_path: Path, marker: str
) -> None:
    cancel = threading.Event()
    pid_file = tmp_path / "counters" / "grandchild.pid"
    cancelled_at: list[float] = []

    def cancel_when_running() -> None:
        deadline = time.monotonic() + 30
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        cancelled_at.append(time.monotonic())
        cancel.set()

    nodeids = ["tests/test_slow.py::test_quick", "tests/test_slow.py::test_spawns_grandchild"]
    spec = shard(app, tmp_path, nodeids, marker=marker, cancel=cancel)
    thread = threading.Thread(target=cancel_when_running)
    thread.start()
    result = execute_shard(spec)
    thread.join()

    assert pid_file.exists()
    assert time.monotonic() - cancelled_at[0] < 5
    assert processes_with(marker) == []
    assert result.status is ShardStatus.CANCELLED
    assert result.message == "stopped: the run was cancelled"
    results = by_id(result.results)
    assert results["test_quick"].outcome is Outcome.PASSED
    assert results["test_spawns_grandchild"].outcome is Outcome.ERROR
    assert results["test_spawns_grandchild"].message == (
        "the run was cancelled before this test finished"
    )


def test_killed_test_process_is_an_infra_failure_keeping_earlier_results(
    app: Path, tmp_path: Path
) -> None:
    nodeids = ["tests/test_kill.py::test_before", "tests/test_kill.py::test_kill_self",
               "tests/test_kill.py::test_after"]
    result = execute_shard(shard(app, tmp_path, nodeids, retries=1))
    assert result.status is ShardStatus.INFRA_FAILED
    assert result.exit_code == -9
    assert result.message.startswith("test process was killed by signal 9")
    results = by_id(result.results)
    assert results["test_before"].outcome is Outcome.PASSED
    assert results["test_kill_self"].outcome is Outcome.ERROR
    assert results["test_kill_self"].message == (
        "the test process died while running this test (killed by signal 9)")
    assert results["test_after"].outcome is Outcome.ERROR
    assert results["test_after"].message == (
        "the shard's test process ended (exit code -9) before this test finished"
    )
    assert not list((tmp_path / "run" / "shards").glob("*retry*"))


# --- tests whose ids change between processes ------------------------------------------

UNSTABLE = '''\
import os
import time
import uuid
from pathlib import Path

import pytest


def record(name):
    with open(Path(os.environ["COUNTER_DIR"]) / "ran", "a") as ran:
        ran.write(f"{name} {os.environ['QATRON_SHARD']}\\n")


@pytest.mark.parametrize("stamp", ["fixed", str(time.time_ns())])
def test_stamp(stamp):
    record("stamp-fixed" if stamp == "fixed" else "stamp-clock")


@pytest.mark.parametrize("token", [f"{i}-{uuid.uuid4().hex}" for i in range(3)])
def test_token(token):
    record("token-" + token.split("-")[0])


@pytest.mark.parametrize("token", [uuid.uuid4().hex])
def test_fails_once(token):
    counter = Path(os.environ["COUNTER_DIR"]) / "fails_once"
    attempt = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(attempt))
    assert attempt >= 2, f"attempt {attempt} fails"
'''

UNSTABLE_KILL = '''\
import os
import signal
import uuid

import pytest


@pytest.mark.parametrize("token", [uuid.uuid4().hex])
def test_dies_here(token):
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("token", [uuid.uuid4().hex])
def test_never_reached(token):
    pass
'''


@pytest.fixture(scope="module")
def unstable_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("unstable"), "project: u\nsuites: {all: {}}\n",
                         {"tests/test_unstable.py": UNSTABLE,
                          "tests/test_unstable_kill.py": UNSTABLE_KILL})


def collected(app: Path, tmp_path: Path, path: str) -> list[str]:
    """The node ids of ``path``, collected into the run folder as a run does."""
    return collect_tests(command(app, tmp_path, paths=[path]), tmp_path / "run").nodeids


def ran(tmp_path: Path) -> list[str]:
    return sorted((tmp_path / "counters" / "ran").read_text().splitlines())


def test_tests_whose_ids_change_keep_their_own_outcome(unstable_app: Path, tmp_path: Path) -> None:
    planned = collected(unstable_app, tmp_path, "tests/test_unstable.py")
    assert len(planned) == 6
    result = execute_shard(shard(unstable_app, tmp_path, planned, retries=1))

    assert result.status is ShardStatus.PASSED, [(r.nodeid, r.message) for r in result.results]
    assert result.nodeids == planned
    assert len(result.results) == 6
    assert all(r.outcome is Outcome.PASSED for r in result.results)
    stable = {"tests/test_unstable.py::test_stamp[fixed]"}
    assert {r.nodeid for r in result.results if not r.unstable_id} == stable
    unstable = [r for r in result.results if r.unstable_id]
    assert len(unstable) == 5 and not {r.nodeid for r in unstable} & set(planned)
    assert ran(tmp_path) == ["stamp-clock 1/1", "stamp-fixed 1/1", "token-0 1/1",
                             "token-1 1/1", "token-2 1/1"]

    # A failure under a new id is rerun through its planned id, and passes as flaky.
    flaky = next(r for r in result.results if "test_fails_once" in r.nodeid)
    assert flaky.unstable_id and flaky.flaky and flaky.attempts == 2
    assert flaky.message.startswith("passed on attempt 2; attempt 1: ")
    rerun = (tmp_path / "run" / "shards" / "shard-1.retry-1.nodeids").read_text().split()
    assert rerun == [n for n in planned if "test_fails_once" in n]


def test_a_functions_new_ids_split_over_shards_run_once_each(
    unstable_app: Path, tmp_path: Path
) -> None:
    planned = [n for n in collected(unstable_app, tmp_path, "tests/test_unstable.py")
               if "test_token" in n]
    first = execute_shard(shard(unstable_app, tmp_path, [planned[0], planned[2]], count=2))
    second = execute_shard(shard(unstable_app, tmp_path, [planned[1]], index=2, count=2))

    for result in (first, second):
        assert result.status is ShardStatus.PASSED
        assert all(r.unstable_id and r.outcome is Outcome.PASSED for r in result.results)
    assert [r.nodeid.split("[")[1][0] for r in first.results] == ["0", "2"]
    assert [r.nodeid.split("[")[1][0] for r in second.results] == ["1"]
    assert ran(tmp_path) == ["token-0 1/2", "token-1 2/2", "token-2 1/2"]


def test_queue_mode_runs_a_claimed_test_under_its_new_id(
    unstable_app: Path, tmp_path: Path
) -> None:
    planned = [n for n in collected(unstable_app, tmp_path, "tests/test_unstable.py")
               if "test_token" in n or "test_stamp" in n]
    queue = create_queue(tmp_path / "run" / "queue.json", units_of(planned, {}))
    result = execute_shard(shard(unstable_app, tmp_path, planned, queue=queue))

    assert result.status is ShardStatus.PASSED
    assert sorted(result.nodeids) == sorted(planned)
    assert len(result.results) == 5 and sum(r.unstable_id for r in result.results) == 4
    assert ran(tmp_path) == ["stamp-clock 1/1", "stamp-fixed 1/1", "token-0 1/1",
                             "token-1 1/1", "token-2 1/1"]


def test_a_test_with_a_new_id_that_never_ran_is_still_an_error(
    unstable_app: Path, tmp_path: Path
) -> None:
    planned = collected(unstable_app, tmp_path, "tests/test_unstable_kill.py")
    result = execute_shard(shard(unstable_app, tmp_path, planned))

    assert result.status is ShardStatus.INFRA_FAILED
    dies, never = result.results
    assert dies.outcome is Outcome.ERROR and dies.unstable_id
    assert "test_dies_here" in dies.nodeid and dies.nodeid != planned[0]
    assert dies.message == "the test process died while running this test (killed by signal 9)"
    assert (never.nodeid, never.outcome, never.unstable_id) == (planned[1], Outcome.ERROR, False)
    assert never.message == (
        "the shard's test process ended (exit code -9) before this test finished")


def test_a_planned_test_its_process_did_not_collect_is_an_error(
    unstable_app: Path, tmp_path: Path
) -> None:
    planned = collected(unstable_app, tmp_path, "tests/test_unstable.py")[:1]
    gone = "tests/test_unstable.py::test_renamed_since"
    result = execute_shard(shard(unstable_app, tmp_path, [*planned, gone]))

    assert result.status is ShardStatus.FAILED
    assert [(r.nodeid, r.outcome) for r in result.results] == [
        (planned[0], Outcome.PASSED), (gone, Outcome.ERROR)]
    assert result.results[1].message.startswith(
        "the shard's test process did not collect this test: renamed or removed")
