"""Running build steps as subprocesses."""

from __future__ import annotations

import subprocess


class StepTimeout(RuntimeError):
    """A step ran past its deadline."""


def run_step(cmd: list[str], timeout: float | None = 2.0) -> tuple[int, str]:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise StepTimeout(f"{cmd[0]} exceeded {timeout} s") from exc
    return proc.returncode, proc.stdout


def parse_version(output: str) -> str:
    parts = output.strip().split()
    return parts[-1]


def run_all(steps: list[list[str]]) -> int:
    """Run steps in order; the first failing step's exit code, or 0."""
    for cmd in steps:
        rc, _ = run_step(cmd)
        if rc != 0:
            return rc
    return 0
