import datetime as dt

import pytest

from clinic import appointments
from clinic.errors import BookingRejected
from tests.conftest import DAY, at


def test_patient_gets_record_number(staffed):
    first = appointments.add_patient(staffed, "Jonas Weber", dt.date(1990, 1, 2))
    second = appointments.add_patient(staffed, "Jonas Weber", dt.date(1990, 1, 2))
    assert first != second


def test_self_pay_patient_without_insurer(staffed):
    assert appointments.add_patient(staffed, "Aylin Demir", dt.date(2001, 7, 30)) > 0


def test_book_and_schedule(staffed, patient):
    booked = appointments.book(staffed, patient, "DR-OSEI", at(9), 15)
    rows = appointments.schedule(staffed, "DR-OSEI", DAY)
    assert [r["id"] for r in rows] == [booked]
    assert rows[0]["status"] == "booked"


def test_two_appointments_same_day(staffed, patient):
    appointments.book(staffed, patient, "DR-HALE", at(9), 30, "CONS-30")
    appointments.book(staffed, patient, "DR-HALE", at(11), 15, "ECG-12")
    assert len(appointments.schedule(staffed, "DR-HALE", DAY)) == 2


def test_schedule_in_time_order(staffed, patient):
    appointments.book(staffed, patient, "DR-OSEI", at(14), 15)
    appointments.book(staffed, patient, "DR-OSEI", at(8, 30), 15)
    appointments.book(staffed, patient, "DR-OSEI", at(10), 15)
    times = [r["starts_at"].hour for r in appointments.schedule(staffed, "DR-OSEI", DAY)]
    assert times == [8, 10, 14]


def test_long_procedure_booked(staffed, patient):
    booked = appointments.book(staffed, patient, "DR-VIDAL", at(13), 90, "DERM-LAS")
    assert appointments.schedule(staffed, "DR-VIDAL", DAY)[0]["minutes"] == 90
    assert booked > 0


def test_front_desk_form(staffed, patient):
    booked = appointments.book_request(staffed, {
        "patient_id": str(patient), "clinician": "DR-OSEI",
        "starts_at": at(15).isoformat(), "minutes": "30"})
    assert appointments.schedule(staffed, "DR-OSEI", DAY)[0]["id"] == booked


def test_zero_minutes_refused(staffed, patient):
    with pytest.raises(BookingRejected):
        appointments.book(staffed, patient, "DR-OSEI", at(9), 0)


def test_first_slot_of_day(staffed, patient):
    appointments.book(staffed, patient, "DR-HALE", at(10), 15)
    appointments.book(staffed, patient, "DR-HALE", at(8), 15)
    assert appointments.first_slot_of_day(staffed, "DR-HALE", DAY) == at(8)


def test_no_show_rate(staffed, patient):
    ids = [appointments.book(staffed, patient, "DR-OSEI", at(h), 15) for h in (8, 9, 10, 11)]
    appointments.set_status(staffed, ids[0], "no_show")
    for booked in ids[1:]:
        appointments.set_status(staffed, booked, "attended")
    assert appointments.no_show_rate(staffed, "DR-OSEI") == 0.25


def test_no_show_rate_new_clinician(staffed):
    assert appointments.no_show_rate(staffed, "DR-VIDAL") == 0.0


def test_booked_minutes_over_a_week(staffed, patient):
    monday, friday = DAY, DAY + dt.timedelta(days=4)
    appointments.book(staffed, patient, "DR-OSEI", at(9, day=monday), 30)
    appointments.book(staffed, patient, "DR-OSEI", at(9, day=friday), 15)
    appointments.book(staffed, patient, "DR-HALE", at(9, day=friday), 30)
    assert appointments.booked_minutes(staffed, monday, friday) == {
        "DR-OSEI": 45, "DR-HALE": 30}
