"""Domain errors; each wraps the driver or HTTP error that caused it (``raise ... from``)."""


class LedgerError(Exception):
    """Base class of the ledger's errors."""


class StoreUnavailable(LedgerError):
    """The ledger database cannot be opened or written."""


class OutOfStock(LedgerError):
    """A shipment asks for more than is on hand."""


class CacheUnavailable(LedgerError):
    """The Redis cache or queue cannot be used."""


class SupplierError(LedgerError):
    """The supplier API failed or could not be reached."""


class SupplierRejected(SupplierError):
    """The supplier API refused the request (status 4xx)."""


class ContractError(LedgerError):
    """A supplier document does not follow the agreed contract."""


class ArchiveError(LedgerError):
    """A snapshot could not be archived to or read from object storage."""
