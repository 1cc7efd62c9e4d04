"""Domain errors of the payroll service."""

from __future__ import annotations


class PayrollError(Exception):
    """Base of every error the service raises on purpose."""


class StoreUnavailable(PayrollError):
    """The payroll database could not be used."""


class DuplicateEmployee(PayrollError):
    """An employee with the same code is already on the payroll."""


class TimesheetError(PayrollError):
    """A delivered timesheet file does not follow the agreed layout."""


class TaxServiceError(PayrollError):
    """The tax authority's rate service failed or answered nonsense."""


class BankError(PayrollError):
    """The bank's payment gateway failed or refused a batch."""


class RenderError(PayrollError):
    """The payslip renderer did not produce a document."""


class ArchiveError(PayrollError):
    """A closed period could not be moved to the archive."""
