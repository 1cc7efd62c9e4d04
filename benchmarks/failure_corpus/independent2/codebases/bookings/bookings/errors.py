"""Domain errors; each wraps the library error it came from (``raise ... from``)."""


class BookingError(Exception):
    """Base class of the bookings errors."""


class PricingUnavailable(BookingError):
    """The pricing service could not give a quote."""


class PricingRejected(BookingError):
    """The pricing service refused the request (token, unknown room kind)."""


class NotificationFailed(BookingError):
    """A confirmation message could not be delivered."""


class ContractError(BookingError, ValueError):
    """A payload from a partner service broke its contract."""
