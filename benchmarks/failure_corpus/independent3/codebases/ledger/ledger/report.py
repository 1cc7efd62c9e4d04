"""Stock report, run as a child process: ``python -m ledger.report DATABASE [--format F]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ledger.store import connect, on_hand


def lines(database: Path) -> list[dict]:
    conn = connect(database)
    rows = conn.execute("SELECT sku, name, unit_cents FROM items ORDER BY name").fetchall()
    return [{"sku": row["sku"], "name": row["name"], "on_hand": on_hand(conn, row["sku"]),
             "value_cents": on_hand(conn, row["sku"]) * row["unit_cents"]} for row in rows]


def render(items: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(items)
    width = max((len(item["name"]) for item in items), default=4)
    out = [f"{'item':<{width}}  on hand     value"]
    for item in items:
        out.append(f"{item['name']:<{width}}  {item['on_hand']:>7}  "
                   f"{item['value_cents'] / 100:>8.2f}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database", type=Path)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    sys.stdout.write(render(lines(args.database), args.format) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
