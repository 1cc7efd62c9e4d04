"""Money formatting shared by reports and letters."""

from __future__ import annotations


def money(cents: int) -> str:
    """Format cents as euros with a thousands separator."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{rest:02d} EUR"
