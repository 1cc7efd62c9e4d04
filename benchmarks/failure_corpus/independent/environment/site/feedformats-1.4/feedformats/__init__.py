"""feedformats 1.4 — the data platform's shared parsers for partner feeds."""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

__version__ = "1.4.2"


def parse_amount(text: str) -> Decimal:
    """'12.50' -> Decimal('12.50'); raises ValueError on anything else."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"not a decimal amount: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {text!r}")
    return value


def parse_timestamp(text: str) -> datetime:
    """ISO 8601 with Z or offset; naive values are taken as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)
