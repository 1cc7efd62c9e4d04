"""Item barcodes: ``B-`` and four digits, with a mod-10 check digit on printed labels."""

from __future__ import annotations


def check_digit(barcode: str) -> int:
    """Luhn-style check digit of the digits of ``barcode``."""
    digits = [int(char) for char in barcode if char.isdigit()]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if index % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return (10 - total % 10) % 10


def printed(barcode: str) -> str:
    """Barcode as printed on the label."""
    return f"{barcode}-{check_digit(barcode)}"
