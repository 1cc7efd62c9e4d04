"""Statement renderer, run as a child process: a JSON document on stdin, a text
statement written to the path given as argument."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def render(document: dict) -> str:
    lines = [
        f"Statement for meter {document['serial']} at {document['site']}",
        f"Period {document['period'][0]} to {document['period'][1]}",
        "",
    ]
    for taken_at, value in document["readings"]:
        lines.append(f"  {taken_at[:16].replace('T', ' ')}  {value:>12.3f} kWh")
    euros, cents = divmod(int(document["total_cents"]), 100)
    lines += ["", f"Energy used: {document['kwh']:.3f} kWh", f"Total due: EUR {euros}.{cents:02d}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    document = json.load(sys.stdin)
    Path(argv[1]).write_text(render(document))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
