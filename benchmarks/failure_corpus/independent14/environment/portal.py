"""The clerk portal's nightly delivery: batches of submissions as JSON lines files."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

BATCHES: dict[str, list[dict[str, Any]]] = {
    "batch-motions": [
        {"case_number": "P-1", "document_type": "MOTION", "title": "Motion to compel",
         "filed_by": "CA-100200", "filed_at": "2026-03-02T09:15:00+00:00", "pages": 12},
        {"case_number": "P-1", "document_type": "BRIEF", "title": "Brief in support",
         "filed_by": "CA-100200", "filed_at": "2026-03-02T09:20:00+00:00", "pages": 31},
        {"case_number": "P-2", "document_type": "MOTION", "title": " Motion to dismiss ",
         "filed_by": "CA-100201", "filed_at": "2026-03-03T14:00:00+00:00", "pages": 8},
    ],
    "batch-exhibits": [
        {"case_number": "P-1", "document_type": "EXHIBIT", "title": "Exhibit A",
         "filed_by": "CA-100204", "filed_at": "2026-03-04T10:00:00+00:00", "pages": 3,
         "attachments": ["a.pdf", "b.pdf"]},
        {"case_number": "P-2", "document_type": "NOTICE", "title": "Notice of appearance",
         "filed_by": "CA-100205", "filed_at": "2026-03-04T11:30:00+00:00", "pages": 1},
    ],
}


def write_batches(drop: Path, defects: Iterable[str] = ()) -> list[Path]:
    """Deliver the batches into `drop`, with tonight's delivery defects applied."""
    faults = set(defects)
    drop.mkdir(parents=True, exist_ok=True)
    written = []
    for name, records in BATCHES.items():
        rows = [dict(r) for r in records]
        if name == "batch-motions" and "pages_as_text" in faults:
            for row in rows:
                row["pages"] = str(row["pages"])
        if name == "batch-exhibits" and "filer_missing" in faults:
            for row in rows:
                del row["filed_by"]
        path = drop / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        written.append(path)
    return written
