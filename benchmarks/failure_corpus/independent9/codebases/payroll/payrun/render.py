"""Payslip documents, rendered in a child process: ``python -m payrun.render IN OUT``."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from payrun.calc import Payslip
from payrun.errors import RenderError

log = logging.getLogger(__name__)
WIDTH = 44


def layout(slip: dict[str, str]) -> str:
    """The text of one payslip, amounts right-aligned."""
    lines = [f"PAYSLIP {slip['period']}".center(WIDTH, "="), f"Employee: {slip['employee']}"]
    for label in ("gross", "tax", "pension", "net"):
        amount = slip[label]
        lines.append(f"{label.capitalize():<{WIDTH - len(amount) - 1}} {amount}")
    lines.append("=" * WIDTH)
    return "\n".join(lines) + "\n"


def render_file(source: Path, target: Path) -> int:
    """Render every payslip of a JSON file (``-``: standard input) into one text document."""
    slips = json.loads(sys.stdin.read() if str(source) == "-" else source.read_text())
    pages = [layout(slip) for slip in slips]
    target.write_text("\f".join(pages))
    return len(pages)


def render(slips: Sequence[Payslip], out_dir: Path, command: Sequence[str] = ()) -> Path:
    """Write the payslips of a period through the renderer process, return the document."""
    if not slips:
        raise RenderError("nothing to render")
    period = slips[0].period
    out_dir.mkdir(exist_ok=True)
    source = out_dir / f"payslips-{period}.json"
    target = out_dir / f"payslips-{period}.txt"
    source.write_text(json.dumps([
        {"employee": s.employee, "period": s.period, "gross": str(s.gross), "tax": str(s.tax),
         "pension": str(s.pension), "net": str(s.net)} for s in slips
    ]))
    argv = [*(command or (sys.executable, "-m", "payrun.render")), str(source), str(target)]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        log.error("renderer exited %d: %s", proc.returncode, proc.stderr.strip())
        raise RenderError(f"renderer exited with {proc.returncode}: {proc.stderr.strip()}")
    log.info("rendered %s", target.name)
    return target


def main(argv: list[str]) -> int:
    count = render_file(Path(argv[0]), Path(argv[1]))
    print(f"{count} payslips")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
