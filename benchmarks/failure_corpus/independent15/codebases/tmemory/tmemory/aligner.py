"""Sentence aligner run as a child process, under the sandbox's file-size quota."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path


class AlignerCrashed(Exception):
    """The aligner process did not finish normally."""


def _quota() -> None:
    kilobytes = int(os.environ.get("TM_ALIGNER_MAX_FILE_KB", "65536"))
    resource.setrlimit(resource.RLIMIT_FSIZE, (kilobytes * 1024, kilobytes * 1024))


def align(source: list[str], target: list[str], workdir: Path) -> list[tuple[str, str]]:
    """Pair sentences one to one through ``python -m tmemory.aligner``."""
    left = workdir / "left.txt"
    right = workdir / "right.txt"
    left.write_text("\n".join(source))
    right.write_text("\n".join(target))
    out = workdir / "pairs.tsv"
    command = [sys.executable, "-m", "tmemory.aligner", str(left), str(right), str(out)]
    proc = subprocess.run(command, preexec_fn=_quota, capture_output=True, text=True)
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        raise AlignerCrashed(f"aligner killed by {name}")
    if proc.returncode != 0:
        raise AlignerCrashed(f"aligner exited {proc.returncode}: {proc.stderr.strip()}")
    return [tuple(line.split("\t", 1)) for line in out.read_text().splitlines()]  # type: ignore[misc]


def main(left: str, right: str, out: str) -> None:
    pairs = zip(Path(left).read_text().splitlines(), Path(right).read_text().splitlines(),
                strict=False)
    with open(out, "w") as handle:
        for a, b in pairs:
            handle.write(f"{a}\t{b}\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
