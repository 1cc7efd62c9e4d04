from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "camtrap.cli", *args], capture_output=True,
                          text=True, timeout=60)


def test_cli_summary_counts(tmp_path: Path) -> None:
    records = ["red fox", "badger", "red fox", "roe deer", "red fox", "badger"]
    path = tmp_path / "captures.jsonl"
    path.write_text("\n".join(json.dumps({"species": s}) for s in records))
    result = run_cli("summary", str(path))
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["red fox\t3", "badger\t2", "roe deer\t1", "total\t6"]


def test_cli_rejects_missing_file(tmp_path: Path) -> None:
    result = run_cli("summary", str(tmp_path / "absent.jsonl"))
    assert result.returncode == 2
