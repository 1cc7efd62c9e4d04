"""Generated tests: QAtron against Hypothesis' ghostwriter and Pynguin on the same modules.

    .venv/bin/python benchmarks/test_generation.py [--targets shop,roman,inflection]
                                                   [--pynguin-seconds 40]

Targets: the example shop's ``services/domain.py`` and pure-Python modules of PyPI sdists at
pinned versions (extracted under ``~/.cache/qatron-bench/test-generation``, fetched with
``pip download`` as benchmarks/real_projects.py does). Per target and tool it prints:

- tests generated, and passed/failed over 3 runs (green and stable: the same every run);
- line and branch coverage of the module by those tests (coverage.py, ``--branch``);
- mutation score: the mutants of ``qatron.generation.mutation`` over the whole module, each
  swapped into ``sys.modules`` in one worker process and the tool's tests that pass on the
  original code run against it (a failing or hanging test kills it);
- the time the tool took to generate.

The anchors: ``hypothesis write`` (the ghostwriter's ``magic``, from a venv under
``.cache/test-generation`` with ``hypothesis[cli]`` at the version QAtron has, since it
needs black) and Pynguin (Python 3.10 only: a venv under ``.cache/test-generation`` made
with /root/.pyenv/versions/3.10.13/bin/python, ``PYNGUIN_DANGER_AWARE`` set).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qatron.generation.mutation import Mutant, load_mutant, mutants  # noqa: E402

BIN = Path(sys.executable).parent
CACHE = Path.home() / ".cache" / "qatron-bench" / "test-generation"
TOOLS = REPO / ".cache" / "test-generation"
PYTHON310 = "/root/.pyenv/versions/3.10.13/bin/python"
PYNGUIN = "0.48.0"
RUNS = 3
MUTANT_SECONDS = 10
#: A generated test still running after this long fails (pytest-timeout): not green.
TEST_SECONDS = 30
#: A whole generated file still running after this long is searched for hanging tests.
FILE_SECONDS = 60


@dataclass(frozen=True)
class Target:
    """A module imported as ``module`` from ``root`` (a PyPI sdist when ``sdist``)."""

    name: str
    module: str
    root: Path
    sdist: tuple[str, str] | None = None  # (name, version)
    subfolder: str = ""

    def folder(self) -> Path:
        if self.sdist is None:
            return self.root
        name, pinned = self.sdist
        return CACHE / f"{name}-{pinned}" / self.subfolder

    def file(self) -> Path:
        return self.folder() / (self.module.replace(".", "/") + ".py") \
            if (self.folder() / (self.module.replace(".", "/") + ".py")).exists() \
            else self.folder() / self.module.replace(".", "/") / "__init__.py"


TARGETS = {
    "shop": Target("shop", "services.domain", REPO / "examples" / "shop"),
    # roman numerals: bounded integers, encode/decode pair, regular expression checks.
    "roman": Target("roman", "roman", Path(), ("roman", "5.2"), "src"),
    # English inflections: strings, regular-expression rules, ordinals of integers.
    "inflection": Target("inflection", "inflection", Path(), ("inflection", "0.5.1")),
}


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 900,
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def fetch(target: Target) -> None:
    """The sdist extracted once into the cache (``pip download --no-binary``)."""
    if target.sdist is None or target.folder().exists():
        return
    name, pinned = target.sdist
    CACHE.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(REPO / "benchmarks"))
    from real_projects import downloader  # the same pip as the real-projects benchmark

    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        done = run([str(downloader()), "-m", "pip", "download", "--quiet", "--no-deps",
                    "--no-binary", ":all:", f"{name}=={pinned}", "-d", tmp], CACHE)
        if done.returncode:
            raise SystemExit(f"cannot download {name}=={pinned}: {done.stderr[-500:]}")
        with tarfile.open(next(Path(tmp).glob("*.tar.gz"))) as archive:
            archive.extractall(tmp, filter="data")
        extracted = next(p for p in Path(tmp).iterdir() if p.is_dir())
        extracted.rename(CACHE / f"{name}-{pinned}")


def tool_venvs() -> tuple[Path, Path]:
    """Pythons for the ghostwriter (with black) and Pynguin (3.10), made once."""
    TOOLS.mkdir(parents=True, exist_ok=True)
    ghost = TOOLS / "ghostwriter-venv" / "bin" / "python"
    if not ghost.exists():
        run(["uv", "venv", "--quiet", "--python", sys.executable, str(ghost.parents[1])], TOOLS)
        run(["uv", "pip", "install", "--quiet", "--python", str(ghost),
             f"hypothesis[cli]=={version('hypothesis')}"], TOOLS)
    pynguin = TOOLS / "pynguin-venv" / "bin" / "python"
    if not (pynguin.parent / "pynguin").exists():
        run(["uv", "venv", "--quiet", "--python", PYTHON310, str(pynguin.parents[1])], TOOLS)
        run(["uv", "pip", "install", "--quiet", "--python", str(pynguin),
             f"pynguin=={PYNGUIN}"], TOOLS)
    return ghost, pynguin


def env_for(target: Target) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(target.folder()), "PYTHONHASHSEED": "0"}


def generate_qatron(target: Target, out: Path) -> tuple[float, Path | None, str]:
    started = time.perf_counter()
    done = run([str(BIN / "qatron"), "generate", "tests", str(target.folder()), "--module",
                target.module, "--out", str(out)], REPO, env_for(target))
    files = list(out.glob("test_*.py"))
    return time.perf_counter() - started, files[0] if files else None, \
        (done.stderr or done.stdout).strip().splitlines()[-1:][0] if done.returncode else ""


def generate_ghostwriter(target: Target, out: Path, python: Path,
                         ) -> tuple[float, Path | None, str]:
    started = time.perf_counter()
    done = run([str(python.parent / "hypothesis"), "write", target.module],
               target.folder(), env_for(target))
    seconds = time.perf_counter() - started
    if done.returncode or not done.stdout.strip():
        return seconds, None, done.stderr.strip()[-200:]
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"test_{target.module.replace('.', '_')}_ghostwriter.py"
    path.write_text(done.stdout)
    return seconds, path, ""


def generate_pynguin(target: Target, out: Path, python: Path, seconds: int,
                     ) -> tuple[float, Path | None, str]:
    started = time.perf_counter()
    env = {**env_for(target), "PYNGUIN_DANGER_AWARE": "1"}
    done = run([str(python.parent / "pynguin"), "--project-path", str(target.folder()),
                "--module-name", target.module, "--output-path", str(out),
                "--report-dir", str(out / "pynguin-report"),
                "--maximum-search-time", str(seconds), "--seed", "0", "-v"],
               target.folder(), env, timeout=seconds * 6 + 120)
    files = list(out.glob("test_*.py"))
    reason = ""
    if not files:
        lines = [line for line in (done.stdout + done.stderr).splitlines()
                 if "rror" in line or "annot" in line]
        reason = (lines[-1] if lines else f"exit {done.returncode}").strip()[-200:]
    return time.perf_counter() - started, files[0] if files else None, reason


@dataclass
class Figures:
    tests: int = 0
    runs: str = ""
    stable: bool = False
    lines: float = 0.0
    branches: float = 0.0
    killed: int = 0
    mutants: int = 0
    seconds: float = 0.0
    note: str = ""


_SUMMARY = re.compile(r"(\d+) (passed|failed|error|errors)")


def hanging_tests(test: Path, target: Target) -> list[str]:
    """Tests that do not finish (a call stuck in C code escapes pytest-timeout's signal):
    none when the whole file ends within FILE_SECONDS, else those that do not end alone
    within TEST_SECONDS."""
    pytest = [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    if _ends([*pytest, str(test)], test, target, FILE_SECONDS):
        return []
    listed = run([*pytest, "--collect-only", str(test)], test.parent, env_for(target))
    return [node for node in listed.stdout.splitlines() if "::" in node
            and not _ends([*pytest, node], test, target, TEST_SECONDS)]


def _ends(argv: list[str], test: Path, target: Target, seconds: float) -> bool:
    """Whether pytest ``argv`` (run beside ``test``) ends within ``seconds``."""
    try:
        run(argv, test.parent, env_for(target), timeout=seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def pytest_counts(test: Path, target: Target, hanging: list[str],
                  ) -> tuple[int, int, list[str]]:
    """(passed, failed or errors, failed node ids) of one run; hanging tests count failed."""
    done = run([str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                f"--timeout={TEST_SECONDS}", "-rfE", str(test),
                *[f"--deselect={node}" for node in hanging]], test.parent, env_for(target),
               timeout=1800)
    counts = {kind: int(n) for n, kind in _SUMMARY.findall(done.stdout.splitlines()[-1]
                                                           if done.stdout else "")}
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", done.stdout, re.M)
    return counts.get("passed", 0), counts.get("failed", 0) + counts.get("error", 0) + \
        counts.get("errors", 0) + len(hanging), failed + hanging


def coverage_of(test: Path, target: Target, deselect: list[str],
                ) -> tuple[float, float, list[int]]:
    data = test.parent / ".coverage"
    include = str(target.file())
    args = [str(BIN / "python"), "-m", "coverage", "run", "--branch", f"--data-file={data}",
            f"--include={include}", "-m", "pytest", "-q", "-p", "no:cacheprovider",
            f"--timeout={TEST_SECONDS}", str(test)]
    args += [f"--deselect={node}" for node in deselect]
    run(args, test.parent, env_for(target), timeout=1800)
    done = run([str(BIN / "python"), "-m", "coverage", "json", f"--data-file={data}", "-o",
                "-"], test.parent, env_for(target))
    try:
        report = json.loads(done.stdout)
        totals = report["totals"]
        executed = [line for file in report["files"].values()
                    for line in file["executed_lines"]]
    except (ValueError, KeyError):
        return 0.0, 0.0, []
    lines = totals["covered_lines"] / max(totals["num_statements"], 1)
    branches = totals["covered_branches"] / max(totals["num_branches"], 1)
    return 100 * lines, 100 * branches, executed


def mutation_score(test: Path, target: Target, deselect: list[str], executed: list[int],
                   ) -> tuple[int, int]:
    lines = ",".join(map(str, executed)) or "0"
    done = run([sys.executable, __file__, "--mutant-worker", str(test), target.name, lines,
                *deselect], test.parent, env_for(target), timeout=3600)
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        print(done.stderr[-2000:], file=sys.stderr)
        return 0, 0
    return int(result["killed"]), int(result["mutants"])


def module_mutants(source: str) -> list[Mutant]:
    """The mutants of every function and method body of the module (the same for all tools)."""
    ranges = [(node.lineno, node.end_lineno or node.lineno) for node in ast.walk(ast.parse(source))
              if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return mutants(source, ranges)


def mutant_worker(test: str, name: str, executed: set[int], deselect: list[str]) -> None:
    """In one process: each mutant of the target swapped in, the passing tests run (a mutant
    in a statement the tests never execute survives without running them; coverage names a
    statement by its first line, so a mutant on a continuation line goes by that line)."""
    import importlib
    import signal

    import pytest

    target = TARGETS[name]
    sys.path.insert(0, str(target.folder()))
    original = importlib.import_module(target.module)
    source = target.file().read_text()
    found = module_mutants(source)
    parent, _, leaf = target.module.rpartition(".")

    def expire(signum: int, frame: object) -> None:
        # Not an Exception: Hypothesis would take it for a failure and shrink, hanging again.
        raise KeyboardInterrupt("mutant hangs")

    signal.signal(signal.SIGALRM, expire)
    killed = 0
    args = [test, "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "--no-header",
            "-W", "ignore", *[f"--deselect={node}" for node in deselect]]
    sink = open(os.devnull, "w")  # noqa: SIM115 - for the whole worker
    started = time.perf_counter()
    stdout, sys.stdout = sys.stdout, sink
    pytest.main(args)  # the original: how long a mutant may take (a hang kills it)
    sys.stdout = stdout
    limit = max(MUTANT_SECONDS, int(3 * (time.perf_counter() - started)) + 1)
    for mutant in found:
        if mutant.statement not in executed:
            continue
        try:
            module = load_mutant(source, mutant, original)
        except BaseException:  # noqa: BLE001 - a mutant failing at import is killed
            killed += 1
            continue
        sys.modules[target.module] = module
        if parent:
            setattr(sys.modules[parent], leaf, module)
        for loaded in [m for m in sys.modules if m.startswith("test_")]:
            del sys.modules[loaded]
        signal.setitimer(signal.ITIMER_REAL, limit, 1.0)
        stdout = sys.stdout
        sys.stdout = sink
        try:
            code = pytest.main(args)
        except KeyboardInterrupt:
            code = 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            sys.stdout = stdout
        killed += code != 0
    sys.modules[target.module] = original
    print(json.dumps({"killed": killed, "mutants": len(found)}))


def measure(target: Target, test: Path | None, seconds: float, note: str) -> Figures:
    figures = Figures(seconds=seconds, note=note)
    if test is None:
        return figures
    hanging = hanging_tests(test, target)
    outcomes = [pytest_counts(test, target, hanging) for _ in range(RUNS)]
    figures.tests = outcomes[0][0] + outcomes[0][1]
    figures.runs = " ".join(f"{p}/{p + f}" for p, f, _ in outcomes)
    figures.stable = len({(p, f) for p, f, _ in outcomes}) == 1
    failing = sorted({node for _, _, nodes in outcomes for node in nodes})
    figures.lines, figures.branches, executed = coverage_of(test, target, failing)
    figures.killed, figures.mutants = mutation_score(test, target, failing, executed)
    return figures


def table(rows: list[tuple[str, str, Figures]]) -> None:
    head = (f"{'target':<12}{'tool':<13}{'tests':>6}  {'passed/run x3':<18}{'stable':<7}"
            f"{'lines':>7}{'branch':>8}{'mutation':>15}{'time':>8}  note")
    print(head)
    print("-" * len(head))
    for name, tool, f in rows:
        score = f"{f.killed}/{f.mutants} {100 * f.killed / f.mutants:.0f}%" if f.mutants \
            else "-"
        print(f"{name:<12}{tool:<13}{f.tests:>6}  {f.runs or '-':<18}"
              f"{('yes' if f.stable else 'no') if f.runs else '-':<7}{f.lines:>6.0f}%"
              f"{f.branches:>7.0f}%{score:>15}{f.seconds:>7.1f}s  {f.note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--pynguin-seconds", type=int, default=40)
    parser.add_argument("--mutant-worker", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.mutant_worker:
        test, name, lines, *deselect = options.mutant_worker
        mutant_worker(test, name, {int(n) for n in lines.split(",")}, deselect)
        return
    ghost, pynguin = tool_venvs()
    rows: list[tuple[str, str, Figures]] = []
    for name in options.targets.split(","):
        target = TARGETS[name]
        fetch(target)
        work = Path(tempfile.mkdtemp(prefix=f"qatron-testgen-{name}-"))
        for tool, generate in (
                ("qatron", lambda out, t=target: generate_qatron(t, out)),
                ("ghostwriter", lambda out, t=target: generate_ghostwriter(t, out, ghost)),
                ("pynguin", lambda out, t=target: generate_pynguin(t, out, pynguin,
                                                         options.pynguin_seconds))):
            out = work / tool
            out.mkdir()
            seconds, test, note = generate(out)
            rows.append((name, tool, measure(target, test, seconds, note)))
            print(f"{name} {tool}: done in {seconds:.1f} s", file=sys.stderr, flush=True)
        shutil.rmtree(work, ignore_errors=True)
    table(rows)


if __name__ == "__main__":
    main()
