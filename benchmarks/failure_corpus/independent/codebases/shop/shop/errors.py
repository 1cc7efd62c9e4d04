"""Domain exceptions.

    ShopError
    ├── StoreError
    │   ├── StoreUnavailable        database down, locked or out of connections
    │   ├── DuplicateOrder          unique key on orders.external_ref
    │   └── ConstraintViolated      other integrity errors
    ├── GatewayError
    │   ├── GatewayTimeout
    │   ├── GatewayUnavailable      5xx or unreachable
    │   └── GatewayRejectedCredentials
    ├── OutOfStock
    └── ExportFailed
"""


class ShopError(Exception):
    """Base of all errors raised by the order service."""


class StoreError(ShopError):
    """The order store failed."""


class StoreUnavailable(StoreError):
    """The database is down, locked or out of connections."""


class DuplicateOrder(StoreError):
    """An order with this external reference exists."""


class ConstraintViolated(StoreError):
    """Another integrity constraint refused the write."""


class GatewayError(ShopError):
    def __init__(self, service: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service
        self.status = status


class GatewayTimeout(GatewayError):
    """The upstream service did not answer in time."""


class GatewayUnavailable(GatewayError):
    """The upstream service answered 5xx or could not be reached."""


class GatewayRejectedCredentials(GatewayError):
    """The upstream service refused our credentials."""


class OutOfStock(ShopError):
    """The inventory cannot reserve the quantity asked for."""


class ExportFailed(ShopError):
    """A report could not be exported."""
