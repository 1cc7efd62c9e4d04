"""run-suite without history pulls from a queue (its shards collecting the tests when no
collection is cached); with history it splits on durations."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.run_suite import run_suite
from qatron.models import Outcome
from qatron.store import ResultsStore, default_database_url
from tests.projects import write_project
from tests.selection import Repo

TESTS = "import time\n\n" + "".join(
    f"def test_{n}():\n    time.sleep({0.5 if n < 2 else 0.02})\n\n" for n in range(12))


def test_the_first_run_pulls_from_a_queue_the_next_uses_its_durations(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = write_project(tmp_path / "p", "project: q\nsuites: {all: {shards: 2}}\n",
                            {"tests/test_many.py": TESTS})
    for _ in range(2):
        run_suite(suite="all", project=str(project), return_state=True)
    with ResultsStore(default_database_url(project)) as store:
        second, first = store.list_runs()
        runs = [(run, store.load_summary(run.id)) for run in (first, second)]
    (first, queued), (second, split) = runs
    assert first.sharding == "queue" and second.sharding == "history"
    for summary in (queued, split):
        ran = [r.nodeid for s in summary.shards for r in s.results]
        assert len(ran) == 12 == len(set(ran))  # every test once
        assert len(summary.shards) == 2 and all(s.nodeids for s in summary.shards)
        assert summary.status.value == "completed"
    # the queue's shards hold what each claimed; together, every test once
    assert sorted(n for s in queued.shards for n in s.nodeids) == sorted(
        r.nodeid for s in queued.shards for r in s.results)
    assert (Path(first.run_dir) / "queue.json").exists()
    assert not (Path(second.run_dir) / "queue.json").exists()


#: A suite of 12 tests besides one left out by the suite's markers and a module skipped
#: while collected; its conftest logs each collection to $COLLECTIONS_LOG.
COLLECTED_BY_SHARDS = {
    "qatron.yml": """
        project: cold
        suites: {all: {shards: 2, markers: "not slow"}}
    """,
    "tests/conftest.py": """
        import os

        def pytest_collection_finish(session):
            with open(os.environ["COLLECTIONS_LOG"], "a") as log:
                log.write(os.environ.get("QATRON_SHARD", "pass") + "\\n")
    """,
    "tests/test_many.py": TESTS + "import pytest\n\n\n@pytest.mark.slow\ndef test_slow():\n"
                                  "    time.sleep(30)\n",
    "tests/test_skipped.py": "import pytest\n\npytest.importorskip('no_such_module_here')\n",
}


def test_a_cold_queue_run_has_its_shards_collect_and_keeps_their_collection(
        tmp_path: Path, prefect_api_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    project = Repo(tmp_path / "p", COLLECTED_BY_SHARDS).root
    log = tmp_path / "collections.log"
    monkeypatch.setenv("COLLECTIONS_LOG", str(log))
    cold = run_suite(suite="all", project=str(project), return_state=True)
    assert sorted(log.read_text().split()) == ["1/2", "2/2"]  # no collection pass before them
    with ResultsStore(default_database_url(project)) as store:
        [record] = store.list_runs()
        summary = store.load_summary(record.id)
    assert summary is not None and cold.is_completed() and record.sharding == "queue"
    ran = [r.nodeid for s in summary.shards if s.index > 0 for r in s.results]
    assert sorted(ran) == [f"tests/test_many.py::test_{n}" for n in sorted(range(12), key=str)]
    skipped = [r for r in summary.results if r.outcome is Outcome.SKIPPED]
    assert [r.nodeid for r in skipped] == ["tests/test_skipped.py"]  # counted, once
    assert summary.counts()["total"] == 13
    assert sorted((project / ".qatron" / "collections").glob("run-*.json"))  # kept
    log.unlink()
    warm = run_suite(suite="all", project=str(project), return_state=True)
    assert warm.is_completed()
    assert sorted(log.read_text().split()) == ["1/2", "2/2"]  # planned from the kept collection
    with ResultsStore(default_database_url(project)) as store:
        latest = store.list_runs()[0]
        again = store.load_summary(latest.id)
    assert again is not None and latest.sharding == "history"
    assert sorted(r.nodeid for r in again.results) == sorted(r.nodeid for r in summary.results)


def test_a_run_whose_shards_all_die_collecting_says_so(
        tmp_path: Path, prefect_api_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    project = write_project(tmp_path / "p", "project: dies\nsuites: {all: {shards: 2}}\n", {
        "tests/conftest.py": "import os\n\n\ndef pytest_collection_modifyitems(items):\n"
                             "    os._exit(3)\n",
        "tests/test_many.py": TESTS})
    state = run_suite(suite="all", project=str(project), return_state=True)
    with ResultsStore(default_database_url(project)) as store:
        [record] = store.list_runs()
    assert state.is_failed() and record.status == "failed" and record.message is not None
    assert record.message.startswith("collecting the tests failed: no shard's test process "
                                     "finished collecting them")
    assert "exited with code 3 while collecting the tests" in record.message
