"""Domain errors of the lending service.

LendingError
 +-- StoreUnavailable      the lending database cannot be reached
 +-- LoanRefused           a loan, renewal or hold breaks a lending rule
 +-- CatalogueError        the catalogue service failed or refused us
 |    +-- CatalogueUnavailable
 +-- NoticeError           the notice service did not accept a notice
 +-- ContractViolation     a partner's record does not match the agreed contract
"""

from __future__ import annotations


class LendingError(Exception):
    """Base class of the lending service's errors."""


class StoreUnavailable(LendingError):
    """The lending database cannot be reached."""


class LoanRefused(LendingError):
    """A loan, renewal or hold breaks a lending rule."""


class CatalogueError(LendingError):
    """The catalogue service answered with an error."""


class CatalogueUnavailable(CatalogueError):
    """The catalogue service cannot be reached."""


class NoticeError(LendingError):
    """The notice service did not accept a notice."""


class ContractViolation(LendingError, ValueError):
    """A partner's record does not match the agreed contract."""
