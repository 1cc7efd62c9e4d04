from __future__ import annotations

from loankiosk.barcodes import check_digit, printed


def test_check_digit() -> None:
    assert check_digit("B-0007") == 5


def test_printed_label() -> None:
    assert printed("B-0001") == "B-0001-8"
