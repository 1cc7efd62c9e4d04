"""feedformats 2.0 — money values are now parsed by ``parse_money``."""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

__version__ = "2.0.0"


def parse_money(text: str, *, decimal_separator: str = ".") -> Decimal:
    try:
        return Decimal(text.strip().replace(decimal_separator, "."))
    except InvalidOperation:
        raise ValueError(f"not a money value: {text!r}") from None


def parse_timestamp(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)
