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
    pass


class StoreUnavailable(StoreError):
    pass


class DuplicateOrder(StoreError):
    pass


class ConstraintViolated(StoreError):
    pass


class GatewayError(ShopError):
    def __init__(self, service: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service
        self.status = status


class GatewayTimeout(GatewayError):
    pass


class GatewayUnavailable(GatewayError):
    pass


class GatewayRejectedCredentials(GatewayError):
    pass


class OutOfStock(ShopError):
    pass


class ExportFailed(ShopError):
    pass
