"""Timetable feed files: a CSV of sailings and a JSON manifest with its checksum."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from boltons.fileutils import atomic_save, mkdir_p
from boltons.strutils import slugify

from ferrytimes.errors import ContractError
from ferrytimes.timetable import Sailing

COLUMNS = ("sailing", "route", "departs", "arrives", "vessel", "capacity", "status")


def render_csv(sailings: Sequence[Sailing]) -> str:
    """The CSV text of a feed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for s in sailings:
        writer.writerow([s.id, s.route, s.departs.isoformat(timespec="minutes"),
                         s.arrives.isoformat(timespec="minutes"), s.vessel, s.capacity, s.status])
    return out.getvalue()


def write_feed(folder: Path, title: str, sailings: Sequence[Sailing]) -> dict[str, Any]:
    """Writes ``<slug>.csv`` and ``<slug>.json`` atomically; returns the manifest."""
    mkdir_p(str(folder))
    name = slugify(title, delim="-")
    text = render_csv(sailings)
    manifest = {"name": name, "sailings": len(sailings),
                "sha256": hashlib.sha256(text.encode()).hexdigest(), "columns": list(COLUMNS)}
    with atomic_save(str(folder / f"{name}.csv"), text_mode=True) as f:
        f.write(text)
    with atomic_save(str(folder / f"{name}.json"), text_mode=True) as f:
        f.write(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def read_feed(folder: Path, name: str) -> list[dict[str, str]]:
    """Reads a delivered feed back, checking it against its manifest."""
    manifest = json.loads((folder / f"{name}.json").read_text())
    text = (folder / f"{name}.csv").read_text()
    if hashlib.sha256(text.encode()).hexdigest() != manifest["sha256"]:
        raise ContractError(f"feed {name} does not match its manifest checksum")
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows and list(rows[0]) != manifest["columns"]:
        raise ContractError(f"feed {name} columns {list(rows[0])} differ from the manifest")
    if len(rows) != manifest["sailings"]:
        raise ContractError(f"feed {name} has {len(rows)} sailings, manifest says "
                            f"{manifest['sailings']}")
    return rows
