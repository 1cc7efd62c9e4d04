import datetime as dt

import pytest

from clinic import appointments, labs


@pytest.fixture
def mrns(staffed):
    with staffed.cursor() as cur:
        ids = [appointments.add_patient(staffed, name, dt.date(1970, 2, 3))
               for name in ("Otto Krüger", "Sena Yilmaz")]
        cur.execute("SELECT mrn FROM patients WHERE id = ANY(%s) ORDER BY id", (ids,))
        return [row["mrn"] for row in cur.fetchall()]


@pytest.mark.parametrize("department", ["haematology", "cardiology"])
def test_results_by_department(settings, mrns, department):
    results = labs.fetch(settings, department, mrns)
    assert {r.mrn for r in results} == set(mrns)


def test_abnormal_flagged(settings, mrns):
    results = labs.fetch(settings, "cardiology", mrns)
    assert all(r.analyte == "troponin" for r in labs.abnormal(results))
    assert len(labs.abnormal(results)) == 1


def test_chart_summary(settings, mrns):
    summary = labs.summary(labs.fetch(settings, "haematology", mrns[:1]))
    assert set(summary) == {"haemoglobin", "ferritin"}
    assert summary["haemoglobin"].endswith(" g/dL")


def test_import_results(settings, staffed, mrns):
    results = labs.fetch(settings, "haematology", mrns)
    assert labs.store(staffed, results) == len(results)
    with staffed.cursor() as cur:
        cur.execute("SELECT count(*) AS n FROM lab_results")
        assert cur.fetchone()["n"] == len(results)
