"""qatron-ci.sh's exit codes are generated from qatron.exit_codes and stay in step with it.

The generator runs as `make ci-script` does; the generated shell function runs in bash.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from qatron.exit_codes import (
    EXIT_API,
    EXIT_CRASHED,
    EXIT_INTERRUPTED,
    EXIT_UNKNOWN_STATE,
    EXIT_USAGE,
    RUN_EXIT_CODES,
    state_exit_codes,
)
from qatron.models import RunStatus
from tests.projects import REPO

SCRIPT = REPO / "deployments" / "ci" / "qatron-ci.sh"
GENERATOR = REPO / "deployments" / "ci" / "generate.py"


def generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(GENERATOR), *args], cwd=REPO,
                          capture_output=True, text=True, timeout=60)


def generated_block(script: str) -> str:
    lines = script.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("# >>> exit codes"))
    end = next(i for i, line in enumerate(lines) if line.startswith("# <<< exit codes"))
    return "".join(lines[start:end + 1])


def test_the_scripts_exit_code_block_is_current() -> None:
    done = generate("--check")
    assert done.returncode == 0, f"{done.stderr}run `make ci-script` and commit the script"


def test_check_fails_on_a_stale_block_and_generating_repairs_it(tmp_path: Path) -> None:
    current = SCRIPT.read_text(encoding="utf-8")
    stale = tmp_path / "qatron-ci.sh"
    stale.write_text(current.replace("Cancelled) echo 130 ;;", "Cancelled) echo 1 ;;"),
                     encoding="utf-8")
    assert stale.read_text(encoding="utf-8") != current

    check = generate("--check", "--script", str(stale))
    assert (check.returncode, check.stderr) == (
        1, f"generate.py: {stale}: the exit-code block is out of date with "
           f"qatron/exit_codes.py; run `make ci-script`\n")

    assert generate("--script", str(stale)).returncode == 0
    assert stale.read_text(encoding="utf-8") == current


def test_a_script_without_markers_is_refused(tmp_path: Path) -> None:
    script = tmp_path / "qatron-ci.sh"
    script.write_text("#!/usr/bin/env bash\nexit 0\n", encoding="utf-8")
    done = generate("--script", str(script))
    assert done.returncode == 2
    assert "has no exit-code block" in done.stderr
    assert script.read_text(encoding="utf-8") == "#!/usr/bin/env bash\nexit 0\n"


def test_the_generated_shell_gives_each_final_state_the_modules_code() -> None:
    names = [*state_exit_codes(), "SomethingElse"]
    program = (generated_block(SCRIPT.read_text(encoding="utf-8"))
               + 'for name in "$@"; do state_exit_code "$name"; done\n'
               + 'echo "$EXIT_USAGE $EXIT_TIMED_OUT $EXIT_API $EXIT_CRASHED $EXIT_INTERRUPTED"\n')
    done = subprocess.run(["bash", "-c", program, "bash", *names], capture_output=True,
                          text=True, timeout=30, check=True)
    *codes, constants = done.stdout.splitlines()

    assert dict(zip(names, map(int, codes), strict=True)) == {
        **state_exit_codes(), "SomethingElse": EXIT_UNKNOWN_STATE}
    assert list(map(int, constants.split())) == [
        EXIT_USAGE, RUN_EXIT_CODES[RunStatus.TIMED_OUT], EXIT_API, EXIT_CRASHED, EXIT_INTERRUPTED]
