"""Wall time of ``qatron select`` on a generated 1,000-test project (median of 5 runs).

    .venv/bin/python benchmarks/selection_support/cli_timing.py [--tests 1000] [--runs 5]

The project is a git repository of 20 modules and 50 test files (``--tests`` spread
evenly over them); one module's function is changed in the working tree, and
``qatron select --base HEAD --format json`` runs as the installed script does. The
first call (which may collect the suite and cache its node ids) is reported apart.
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


def select_once(root: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(QATRON), "select", "--base", "HEAD", "--format", "json"],
                          cwd=root, capture_output=True, text=True, timeout=300)
    took = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"qatron select failed:\n{done.stderr[-2000:]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qatron-select-timing-") as work:
        root = Path(work) / "project"
        make_project(root, args.tests)
        first = select_once(root)
        times = [select_once(root) for _ in range(args.runs)]
    print(f"qatron select on {args.tests} tests: first call {first:.2f} s; then median of "
          f"{args.runs} {statistics.median(times):.2f} s (min {min(times):.2f}, "
          f"max {max(times):.2f})")


if __name__ == "__main__":
    main()
