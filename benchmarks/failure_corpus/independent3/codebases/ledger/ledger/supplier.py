"""Client of the supplier API (urllib3); documents checked against attrs contracts."""

from __future__ import annotations

import attrs
import cattrs
import urllib3

from ledger.errors import ContractError, SupplierError, SupplierRejected

CURRENCIES = ("EUR", "USD", "GBP")


@attrs.frozen
class Price:
    sku: str
    unit_cents: int = attrs.field(validator=attrs.validators.instance_of(int))
    currency: str = attrs.field(validator=attrs.validators.in_(CURRENCIES))


@attrs.frozen
class PriceList:
    supplier: str
    valid_until: str
    prices: list[Price]


@attrs.frozen
class ReorderAck:
    order_id: str
    sku: str
    qty: int
    eta_days: int


_converter = cattrs.Converter(forbid_extra_keys=False)
_converter.register_structure_hook(int, lambda value, _: _strict_int(value))


def _strict_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {value!r}")
    return value


class SupplierClient:
    def __init__(self, base_url: str, key: str, timeout: float) -> None:
        self.base_url = base_url
        self.key = key
        self.http = urllib3.PoolManager(timeout=urllib3.Timeout(total=timeout),
                                        retries=urllib3.Retry(total=0, raise_on_status=False))

    def _request(self, method: str, path: str, body: dict | None = None) -> dict:
        url = f"{self.base_url}{path}"
        try:
            response = self.http.request(method, url, json=body,
                                         headers={"X-Supplier-Key": self.key})
        except urllib3.exceptions.HTTPError as exc:
            raise SupplierError(f"{method} {url} failed: {exc}") from exc
        if 400 <= response.status < 500:
            raise SupplierRejected(f"{method} {url}: supplier refused with {response.status}: "
                                   f"{response.data[:200]!r}")
        if response.status >= 500:
            raise SupplierError(f"{method} {url}: supplier answered {response.status}")
        return response.json()

    def price_list(self, category: str) -> PriceList:
        document = self._request("GET", f"/v2/price-lists/{category}")
        try:
            return _converter.structure(document, PriceList)
        except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
            raise ContractError(f"price list {category!r} breaks the contract: "
                                f"{exc!r}") from exc

    def reorder(self, sku: str, qty: int) -> ReorderAck:
        document = self._request("POST", "/v2/reorders", {"sku": sku, "qty": qty})
        try:
            return _converter.structure(document, ReorderAck)
        except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
            raise ContractError(f"reorder acknowledgement breaks the contract: "
                                f"{exc!r}") from exc
