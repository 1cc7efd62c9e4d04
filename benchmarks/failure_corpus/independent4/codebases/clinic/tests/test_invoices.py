from clinic import appointments, billing, invoices
from tests.conftest import at


def test_invoice_for_consultation(staffed, patient):
    booked = appointments.book(staffed, patient, "DR-HALE", at(9), 30, "CONS-30")
    invoice = invoices.issue(staffed, booked, "cardiology")
    assert (invoice["net_cents"], invoice["tax_cents"], invoice["status"]) == (6785, 0, "open")


def test_cancelling_voids_invoice(staffed, patient):
    booked = appointments.book(staffed, patient, "DR-OSEI", at(10), 15)
    invoices.issue(staffed, booked, "general")
    invoices.cancel_appointment(staffed, booked)
    assert invoices.status(staffed, booked) == "void"


def test_patient_owes_copay_and_tax(staffed, patient):
    booked = appointments.book(staffed, patient, "DR-VIDAL", at(11), 45, "DERM-LAS")
    appointments.attach_copay(staffed, booked, billing.copay(16390, 10))
    invoices.issue(staffed, booked, "dermatology")
    assert invoices.patient_owes(staffed, booked) == 1639 + 3114
