"""Invoice renderer run as a child process: JSON on stdin, text on stdout."""

from __future__ import annotations

import json
import sys


def render(invoice: dict[str, object]) -> str:
    lines = [f"INVOICE {invoice['reference']}", f"Guest: {invoice['guest']}"]
    for item in invoice["items"]:  # type: ignore[attr-defined]
        lines.append(f"  {item['label']:<30}{item['cents'] / 100:>10.2f}")
    lines.append(f"  {'TOTAL':<30}{invoice['total_cents'] / 100:>10.2f}")  # type: ignore[operator]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(json.loads(sys.stdin.read())))
