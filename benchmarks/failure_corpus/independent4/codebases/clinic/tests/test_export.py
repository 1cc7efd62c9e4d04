import json

from clinic import appointments, export
from clinic.contracts import validator
from tests.conftest import DAY, at


def test_export_day(staffed, patient, clinicians, export_dir):
    appointments.book(staffed, patient, "DR-OSEI", at(9), 15)
    appointments.book(staffed, patient, "DR-HALE", at(10), 30)
    written = export.export_day(staffed, [c["code"] for c in clinicians], DAY, export_dir)
    assert written == 2
    assert sorted(p.name for p in export_dir.glob("*.csv")) == [
        "DR-HALE.csv", "DR-OSEI.csv", "DR-VIDAL.csv"]


def test_loader_waits_for_marker(staffed, clinicians, export_dir):
    export.export_day(staffed, [c["code"] for c in clinicians], DAY, export_dir)
    assert export.wait_until_done(export_dir) == 0


def test_visit_archive(export_dir):
    visits = [{"ref": f"APT-{n:012X}", "starts_at": f"2025-{n % 12 + 1:02d}-01T09:00:00",
               "minutes": 15, "status": "attended", "note": "follow-up in six weeks " * 3}
              for n in range(24000)]
    assert export.archive_visits(visits, export_dir) == 24000
    assert sum(p.stat().st_size for p in export_dir.glob("visits-*.csv")) > 2_000_000


def test_summary_meets_reporting_contract(staffed, patient, export_dir):
    booked = appointments.book(staffed, patient, "DR-OSEI", at(9), 15)
    appointments.set_status(staffed, booked, "attended")
    target = export.publish_summary(export.daily_summary(staffed, DAY), export_dir)
    document = json.loads(target.read_text())
    assert [e.message for e in validator("summary").iter_errors(document)] == []
    assert document["visits"] == 1
