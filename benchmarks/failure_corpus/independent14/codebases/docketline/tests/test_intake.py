import json
from pathlib import Path

import pytest

from docketline import intake, store
from docketline.errors import ContractViolation


def test_read_motions_batch(portal_drop: Path) -> None:
    subs = intake.read_batch(portal_drop / "batch-motions.jsonl")
    assert [s.pages for s in subs] == [12, 31, 8]
    assert subs[2].title == "Motion to dismiss"


def test_read_exhibits_batch(portal_drop: Path) -> None:
    subs = intake.read_batch(portal_drop / "batch-exhibits.jsonl")
    assert [s.attachment_count for s in subs] == [2, 0]
    assert {s.filed_by for s in subs} == {"CA-100204", "CA-100205"}


def test_unknown_document_type_is_refused() -> None:
    line = json.dumps({"case_number": "P-1", "document_type": "MEMO", "title": "x",
                       "filed_by": "CA-1", "filed_at": "2026-03-02T09:00:00", "pages": 1})
    with pytest.raises(ContractViolation):
        intake.parse_line(line, 1)


def test_import_motions(
    db: store.Connection, portal_drop: Path, archive: Path, uid: str
) -> None:
    ids = {p: store.open_case(db, f"{p}-{uid}", "Portal case", "civil") for p in ("P-1", "P-2")}
    filed = intake.import_batch(db, portal_drop / "batch-motions.jsonl", ids, archive)
    assert len(filed) == 3
    assert [e["seq"] for e in store.docket(db, ids["P-1"])] == [1, 2]


def test_import_archives_batch_and_receipts(
    db: store.Connection, portal_drop: Path, archive: Path, uid: str
) -> None:
    ids = {p: store.open_case(db, f"{p}-{uid}", "Portal case", "family") for p in ("P-1", "P-2")}
    intake.import_batch(db, portal_drop / "batch-exhibits.jsonl", ids, archive)
    receipts = (archive / "batch-exhibits" / "receipts.jsonl").read_text().splitlines()
    assert [json.loads(r)["seq"] for r in receipts] == [1, 1]
    assert (archive / "batch-exhibits" / "batch-exhibits.jsonl").exists()


def test_import_both_batches(
    db: store.Connection, portal_drop: Path, archive: Path, uid: str
) -> None:
    ids = {p: store.open_case(db, f"{p}-{uid}", "Portal case", "probate") for p in ("P-1", "P-2")}
    for name in ("batch-motions", "batch-exhibits"):
        intake.import_batch(db, portal_drop / f"{name}.jsonl", ids, archive)
    kinds = [e["document_type"] for e in store.docket(db, ids["P-1"])]
    assert kinds == ["MOTION", "BRIEF", "EXHIBIT"]
