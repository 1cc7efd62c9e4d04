"""The publisher's own exceptions."""


class FerryError(Exception):
    """Base of the publisher's errors."""


class PartnerError(FerryError):
    """A partner answered with an error status."""

    def __init__(self, partner: str, status: int, detail: str) -> None:
        super().__init__(f"{partner} answered HTTP {status}: {detail}")
        self.partner = partner
        self.status = status


class PartnerUnavailable(FerryError):
    """A partner could not be reached."""


class PartnerTimeout(FerryError):
    """A partner did not answer in time."""


class ContractError(FerryError):
    """A partner payload or a delivered file broke its declared shape."""


class TimetableError(FerryError):
    """A timetable operation was refused."""
