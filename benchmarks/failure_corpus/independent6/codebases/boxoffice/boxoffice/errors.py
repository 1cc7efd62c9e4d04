"""Domain errors; driver and HTTP errors are chained with `raise ... from`."""


class BoxOfficeError(Exception):
    """Base of the service's errors."""


class DatabaseUnavailable(BoxOfficeError):
    """The orders database cannot be opened or is locked."""


class SoldOut(BoxOfficeError):
    """Not enough seats left for an order."""


class PaymentRefused(BoxOfficeError):
    """The payment provider refused the service's credentials."""


class PaymentUnavailable(BoxOfficeError):
    """The payment provider failed or could not be reached."""


class ContractError(BoxOfficeError):
    """An upstream answer does not follow the agreed contract."""
