"""Runs the thumbnail worker as a child process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def make_thumbnails(images: list[Path]) -> list[Path]:
    result = subprocess.run([sys.executable, "-m", "camtrap.thumbworker"],
                            input="\n".join(str(p) for p in images), capture_output=True,
                            text=True, check=True, timeout=60)
    return [Path(line) for line in result.stdout.splitlines()]
