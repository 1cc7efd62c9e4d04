"""Command line: `python -m camtrap.cli summary captures.jsonl`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click


@click.group()
def main() -> None:
    """Camera-trap catalogue tools."""


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def summary(path: Path) -> None:
    """Captures per species, most seen first."""
    counts: Counter[str] = Counter()
    for line in path.read_text().splitlines():
        record = json.loads(line)
        counts[record["species"]] += 1
    for species, n in counts.most_common():
        click.echo(f"{species}\t{n}")
    click.echo(f"total\t{sum(counts.values())}")


if __name__ == "__main__":
    main()
