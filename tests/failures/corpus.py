"""Run benchmarks/failure_corpus through QAtron's shard runner (one rerun) and label it.

A corpus test's name says what analysis should make of it:
``test_<category>__<cause>[_<n>]``; tests with one cause must share a cluster.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from qatron.failures import Failure
from qatron.models import TestResult
from qatron.pytest_runner import ShardSpec, TestCommand, collect_tests, execute_shard

CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / "failure_corpus"


def run_corpus(work_dir: Path | None = None) -> list[TestResult]:
    """The corpus's failed, errored and flaky results, from a real run with one rerun.

    Without ``work_dir`` the run's files go to a temporary folder removed afterwards.
    """
    if work_dir is None:
        with tempfile.TemporaryDirectory(prefix="qatron-corpus-") as temporary:
            return run_corpus(Path(temporary))
    state = work_dir / "state"
    state.mkdir(parents=True, exist_ok=True)
    command = TestCommand(app_dir=CORPUS, paths=["tests"], env={"CORPUS_STATE": str(state)})
    collection = collect_tests(command, work_dir)
    crash = [n for n in collection.nodeids if n.startswith("tests/test_crash.py")]
    rest = [n for n in collection.nodeids if n not in crash]
    results = []
    for index, nodeids in enumerate((rest, crash), start=1):  # the crash takes its process
        shard = execute_shard(ShardSpec(index=index, count=2, nodeids=nodeids, run_dir=work_dir,
                                    command=command, rootdir=collection.rootdir,
                                    deadline=time.monotonic() + 300, retries=1))
        results += [r for r in shard.results if r.outcome.is_failure or r.flaky]
    return results


def label(nodeid: str) -> tuple[str, str]:
    """(expected category, expected cause) from a corpus test's name."""
    name = nodeid.rsplit("::", 1)[-1].removeprefix("test_")
    category, cause = name.split("__", 1)
    return category, f"{category}:{cause.rstrip('0123456789').rstrip('_')}"


def failures(results: list[TestResult]) -> list[Failure]:
    return [Failure.from_result(result) for result in results]
