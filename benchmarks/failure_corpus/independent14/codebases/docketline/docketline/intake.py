"""Batches of submissions delivered by the clerk portal as JSON lines."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from docketline import store
from docketline.errors import ContractViolation

log = logging.getLogger(__name__)
DOCUMENT_TYPES = frozenset({"MOTION", "BRIEF", "EXHIBIT", "ORDER", "NOTICE"})
REQUIRED = {
    "case_number": str,
    "document_type": str,
    "title": str,
    "filed_by": str,
    "filed_at": str,
    "pages": int,
}


@dataclass(frozen=True)
class Submission:
    """One document submitted through the portal."""

    case_number: str
    document_type: str
    title: str
    filed_by: str
    filed_at: dt.datetime
    pages: int
    attachments: tuple[str, ...] = field(default=())

    @property
    def attachment_count(self) -> int:
        """How many attachments came with it."""
        return len(self.attachments)


def parse_line(line: str, lineno: int) -> Submission:
    """A submission from one line of a batch, checked against the portal contract."""
    record = json.loads(line)
    for name, kind in REQUIRED.items():
        if name not in record:
            raise ContractViolation(f"line {lineno}: required field {name!r} missing")
        if not isinstance(record[name], kind) or isinstance(record[name], bool):
            raise ContractViolation(
                f"line {lineno}: {name!r} is {type(record[name]).__name__}, not {kind.__name__}"
            )
    if record["document_type"] not in DOCUMENT_TYPES:
        raise ContractViolation(f"line {lineno}: document_type {record['document_type']!r}")
    attachments = record.get("attachments")
    return Submission(
        case_number=record["case_number"],
        document_type=record["document_type"],
        title=record["title"].strip(),
        filed_by=record["filed_by"],
        filed_at=dt.datetime.fromisoformat(record["filed_at"]),
        pages=record["pages"],
        attachments=tuple(attachments) if attachments is not None else (),
    )


def read_batch(path: Path) -> list[Submission]:
    """Every submission of a batch file."""
    with path.open(encoding="utf-8") as fh:
        return [parse_line(line, n) for n, line in enumerate(fh, 1) if line.strip()]


def import_batch(
    conn: store.Connection, path: Path, case_ids: dict[str, int], archive_dir: Path
) -> list[int]:
    """File a batch's submissions on their cases' dockets and archive the batch with receipts."""
    filed: list[int] = []
    receipts: list[dict[str, object]] = []
    for sub in read_batch(path):
        case_id = case_ids[sub.case_number]
        filing_id, seq = store.file_document(
            conn, case_id, sub.document_type, sub.title, sub.filed_by, sub.filed_at, sub.pages
        )
        filed.append(filing_id)
        receipts.append({"case_number": sub.case_number, "seq": seq, "filing_id": filing_id})
    target = archive_dir / path.stem
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target / path.name)
    with (target / "receipts.jsonl").open("w", encoding="utf-8") as out:
        for receipt in receipts:
            out.write(json.dumps(receipt) + "\n")
    log.info("batch %s: %d filings archived in %s", path.name, len(filed), target)
    return filed
