"""Wall time of ``qatron select`` on a generated 1,000-test project (median of 5 runs).

    .venv/bin/python benchmarks/selection_support/cli_timing.py [--tests 1000] [--runs 5]
        [--store]

The project is a git repository of 20 modules and 50 test files (``--tests`` spread
evenly over them); one module's function is changed in the working tree, and
``qatron select --base HEAD --format json`` runs as the installed script does. The
first call (which may collect the suite and cache its node ids) is reported apart.
With ``--store`` the project has a qatron.yml and a SQLite results store holding five
ended runs of every test and each test's coverage of its module, as ``qatron run``
records them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from selection_support import git  # noqa: E402

QATRON = Path(sys.executable).with_name("qatron")
MODULES, TEST_FILES = 20, 50
QATRON_YML = ("project: bench\napplications: {app: {path: ., tests: [tests]}}\n"
              "suites: {all: {application: app}}\n")
RUNS = 5


def make_project(root: Path, tests: int) -> None:
    """``app/m<i>.py`` modules and ``tests/test_<j>.py`` files importing one module each."""
    (root / "app").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "app" / "__init__.py").write_text("")
    for i in range(MODULES):
        (root / "app" / f"m{i}.py").write_text(f"def f(x):\n    return x + {i}\n")
    per_file = tests // TEST_FILES
    for j in range(TEST_FILES):
        module = j % MODULES
        body = "".join(f"\n\ndef test_{k}():\n    assert f({k}) == {k + module}\n"
                       for k in range(per_file))
        (root / "tests" / f"test_{j}.py").write_text(f"from app.m{module} import f\n{body}")
    (root / "pyproject.toml").write_text("[tool.pytest.ini_options]\ntestpaths = ['tests']\n")
    (root / ".gitignore").write_text("__pycache__/\n.qatron/\n")
    git.init(root, "generated")
    (root / "app" / "m3.py").write_text("def f(x):\n    return x + 3  # changed\n\n\n"
                                        "def g():\n    return 1\n")


def record_store(root: Path, tests: int) -> None:
    """qatron.yml and a results store with ``RUNS`` ended runs and a coverage map."""
    from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
    from qatron.selection.coverage_map import CoverageMap, FileCoverage, content_hash
    from qatron.store import ResultsStore, default_database_url

    (root / "qatron.yml").write_text(QATRON_YML)
    git.git(root, "add", "qatron.yml")
    git.git(root, "commit", "-q", "--no-verify", "-m", "qatron.yml")
    per_file = tests // TEST_FILES
    by_module: dict[int, list[str]] = {i: [] for i in range(MODULES)}
    for j in range(TEST_FILES):
        by_module[j % MODULES] += [f"tests/test_{j}.py::test_{k}" for k in range(per_file)]
    nodeids = [nodeid for names in by_module.values() for nodeid in names]
    cmap = CoverageMap(tests=set(nodeids))
    for i, names in by_module.items():
        data = git.git(root, "show", f"HEAD:app/m{i}.py").encode()
        cmap.files[f"app/m{i}.py"] = FileCoverage(content_hash(data), {2: frozenset(names)})
    with ResultsStore(default_database_url(root)) as store:
        for number in range(RUNS):
            results = [TestResult(nodeid, Outcome.FAILED if k == number else Outcome.PASSED,
                                  duration=0.01 * (k % 7 + 1))
                       for k, nodeid in enumerate(nodeids)]
            run_id = store.create_run("bench", "all", "local")
            store.set_status(run_id, RunStatus.RUNNING)
            store.save_shard(run_id, ShardResult(index=0, count=1, status=ShardStatus.FAILED,
                                                 nodeids=nodeids, results=results))
            store.set_status(run_id, RunStatus.FAILED)
        store.save_coverage_map("bench", "app", cmap, run_id, collected=nodeids)


def select_once(root: Path, suite: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(QATRON), "select", "--base", "HEAD", "--format", "json", *suite],
                          cwd=root, capture_output=True, text=True, timeout=300)
    took = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"qatron select failed:\n{done.stderr[-2000:]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", action="store_true",
                        help="with qatron.yml and a results store holding a map and history")
    args = parser.parse_args()
    suite = ["--suite", "all"] if args.store else []
    with tempfile.TemporaryDirectory(prefix="qatron-select-timing-") as work:
        root = Path(work) / "project"
        make_project(root, args.tests)
        if args.store:
            record_store(root, args.tests)
        first = select_once(root, suite)
        times = [select_once(root, suite) for _ in range(args.runs)]
    where = " with qatron.yml and a store" if args.store else ""
    print(f"qatron select on {args.tests} tests{where}: first call {first:.2f} s; then median "
          f"of {args.runs} {statistics.median(times):.2f} s (min {min(times):.2f}, "
          f"max {max(times):.2f})")


if __name__ == "__main__":
    main()
