"""Procedure codes of the clinic platform and their scheduled fees (in cents)."""

__version__ = "1.4.0"

_SCHEDULE = {
    "CONS-15": ("Consultation, 15 minutes", 3200),
    "CONS-30": ("Consultation, 30 minutes", 5900),
    "ECG-12": ("Resting 12-lead ECG", 2450),
    "VAC-FLU": ("Influenza vaccination", 1875),
    "DERM-LAS": ("Cosmetic laser treatment", 14900),
}


def fee_cents(code: str) -> int:
    """The scheduled fee of a procedure code; KeyError names unknown codes."""
    try:
        return _SCHEDULE[code.upper()][1]
    except KeyError:
        raise KeyError(f"unknown procedure code {code!r}") from None


def describe(code: str) -> str:
    return _SCHEDULE[code.upper()][0]


__all__ = ["describe", "fee_cents"]
