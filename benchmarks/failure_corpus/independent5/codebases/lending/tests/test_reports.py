import json
from datetime import timedelta
from pathlib import Path

from lending import reports, store

from .conftest import TODAY

CONTRACT = json.loads((Path(__file__).parents[1] / "contracts" / "fines_summary.json").read_text())


def _overdue_loans(db, branches):
    member = store.add_member(db, "Otto Brenner", "adult", branches[0]["code"], "otto@example.org")
    for n, branch in enumerate(b["code"] for b in branches):
        copy = store.add_copy(db, f"97801400000{n}1", f"Atlas vol. {n}", branch)
        store.lend(db, copy["id"], member["id"], TODAY - timedelta(days=30 + n))
    return store.overdue(db, TODAY)


def test_overdue_list_oldest_first(db, branches):
    rows = _overdue_loans(db, branches)
    assert [r["title"] for r in rows] == ["Atlas vol. 2", "Atlas vol. 1", "Atlas vol. 0"]


def test_export_overdue_per_branch(db, branches, export_dir):
    files = reports.export_overdue(_overdue_loans(db, branches), export_dir, TODAY)
    assert [f.name for f in files] == [
        f"overdue-{b}-2026-03-02.csv" for b in ("central", "harbour", "hillside")
    ]
    assert all(len(f.read_text().splitlines()) == 2 for f in files)


def test_fines_summary_matches_contract():
    summary = reports.fines_summary(TODAY, 3, [("central", 75), ("harbour", 25)])
    assert set(CONTRACT["required"]) <= set(summary)
    assert all(isinstance(summary[k], int) for k in CONTRACT["integers"])
    assert summary["fines_cents"] == 100


def test_publish_summary(export_dir):
    summary = reports.fines_summary(TODAY, 1, [("hillside", 40)])
    target = reports.publish_summary(summary, export_dir)
    assert json.loads(target.read_text())["branches"] == {"hillside": 40}


def test_render_labels(export_dir):
    target = reports.render_labels(["3000000000017", "3000000000024"], export_dir)
    blocks = target.read_text().split("\n\n")
    assert len(blocks) == 2 and blocks[0].startswith("3000000000017")
