"""Domain errors; each wraps the driver or HTTP error that caused it.

    ClinicError
    ├── StoreUnavailable      the database or the outbox cannot be used
    ├── BookingRejected       the database refused a booking (constraint)
    ├── UpstreamError         insurer, notification gateway or laboratory failed
    │   └── Refused           the upstream refused our credentials
    └── ContractError         a partner's data does not match the agreed contract
"""


class ClinicError(Exception):
    """Base of the clinic's errors."""


class StoreUnavailable(ClinicError):
    pass


class BookingRejected(ClinicError):
    pass


class UpstreamError(ClinicError):
    pass


class Refused(UpstreamError):
    pass


class ContractError(ClinicError, ValueError):
    pass
